package dev.coherent.functions.common.modelset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coherent.CoherentException;
import dev.coherent.store.S3Settings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preload reads the keys Quarkus will read and hands out a set only for the same keys. */
class ModelSetPreloadTest {

    @AfterEach
    void clear() {
        System.clearProperty("coherent.models.uri");
        System.clearProperty("coherent.s3.endpoint");
        ModelSetPreload.take("", S3Settings.defaults(), Path.of(""));
    }

    @Test
    void readsTheConfiguredUriWithTheMappingsDefaults() {
        System.setProperty("coherent.models.uri", "/srv/models");
        ModelSetPreload.Key key = ModelSetPreload.keyFromConfig();
        assertEquals("/srv/models", key.uri());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "coherent-cache"), key.cacheDir());
        assertEquals(S3Settings.defaults(), key.s3());
    }

    @Test
    void anEndpointOverrideImpliesPathStyleAsInTheService() {
        System.setProperty("coherent.s3.endpoint", "http://localhost:9090");
        assertEquals(
                new S3Settings("http://localhost:9090", null, true, null, null),
                ModelSetPreload.keyFromConfig().s3());
    }

    @Test
    void nothingToTakeWithoutAPreload() {
        assertNull(ModelSetPreload.take("/srv/models", S3Settings.defaults(), Path.of("/tmp")));
    }

    @Test
    void theSameSetGetsThePreloadsOutcomeAnotherSetNothing(@TempDir Path empty) {
        System.setProperty("coherent.models.uri", empty.toString());
        ModelSetPreload.Key key = ModelSetPreload.keyFromConfig();
        ModelSetPreload.start();
        // Not a model set: the service gets the same error the preload got, as if it had loaded it itself.
        assertThrows(CoherentException.class, () -> ModelSetPreload.take(key.uri(), key.s3(), key.cacheDir()));
        ModelSetPreload.start();
        assertNull(ModelSetPreload.take("/another/set", key.s3(), key.cacheDir()));
        // Handed out once.
        assertNull(ModelSetPreload.take(key.uri(), key.s3(), key.cacheDir()));
    }
}
