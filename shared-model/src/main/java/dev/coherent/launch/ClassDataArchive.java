package dev.coherent.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a jar's class-data-sharing archive lives: beside it, {@code <jar name>.jsa}. The function's
 * own launcher and the cold-start benchmark both make and map it there, so either's archive serves
 * the other.
 */
public final class ClassDataArchive {
    private ClassDataArchive() {}

    /** The archive of {@code jar}. */
    public static Path of(Path jar) {
        return jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", "") + ".jsa");
    }

    /** Whether {@code archive} exists and is not older than {@code jar} (a rebuilt jar needs a new one). */
    public static boolean isCurrent(Path archive, Path jar) {
        try {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }
}
