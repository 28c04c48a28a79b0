package dev.coherent.cohort;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.function.Executable;

/** Small helpers for tests that build cohort folders by hand. */
final class TestFiles {
    static final Path EXAMPLES = Path.of("..", "examples", "data");

    private TestFiles() {}

    /** Writes lines joined by newlines, with a final newline. */
    static Path write(Path dir, String name, String... lines) {
        Path p = dir.resolve(name);
        try {
            Files.writeString(p, String.join("\n", lines) + (lines.length == 0 ? "" : "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Tab-joins cells into one line. */
    static String tsv(String... cells) {
        return String.join("\t", Arrays.asList(cells));
    }

    /** Asserts a {@link CohortFormatException} whose message starts with {@code prefix} and contains each part. */
    static CohortFormatException assertFormatError(Executable run, String prefix, String... parts) {
        CohortFormatException e = assertThrows(CohortFormatException.class, run);
        assertTrue(e.getMessage().startsWith(prefix), () -> "message: " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
        }
        return e;
    }
}
