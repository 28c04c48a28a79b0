package dev.coherent.functions.common.modelset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A retired resource closes once, after its last user, and takes no new user. */
class SharedTest {
    private final AtomicInteger closes = new AtomicInteger();
    private final Shared<AutoCloseable> shared = new Shared<>(closes::incrementAndGet);

    @Test
    void closesWhenTheLastUserOfARetiredResourceGivesItBack() {
        assertTrue(shared.acquire());
        assertTrue(shared.acquire());
        shared.retire();
        assertFalse(shared.acquire(), "no new user after retirement");
        shared.release();
        assertEquals(0, closes.get(), "one user still holds it");
        shared.release();
        assertEquals(1, closes.get());
        shared.retire();
        assertEquals(1, closes.get(), "closed once");
    }

    @Test
    void aRetiredResourceNobodyUsesClosesAtOnceAndAnUnretiredOneNever() {
        assertTrue(shared.acquire());
        shared.release();
        assertEquals(0, closes.get());
        shared.retire();
        assertEquals(1, closes.get());
    }
}
