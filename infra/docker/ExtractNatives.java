import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads TensorFlow once at image build time so that JavaCPP unpacks its natives (~700 MB) into
 * {@code org.bytedeco.javacpp.cachedir}: Lambda's file system is read-only outside /tmp and a cold
 * start should not spend seconds unpacking. Run with the function's libraries on the class path:
 * {@code java -Dorg.bytedeco.javacpp.cachedir=/opt/javacpp-cache -cp 'lib/*' ExtractNatives.java [LINK]}.
 *
 * <p>With LINK (inside the cache folder), also makes LINK a symbolic link to the folder holding the
 * unpacked libraries, so an image can point {@code java.library.path} there and run with
 * {@code -Dorg.bytedeco.javacpp.findLibraries=false}: JavaCPP then loads them straight from that
 * folder instead of searching every jar of the class path for each library first (~0.5 CPU s of
 * every cold start).
 */
public final class ExtractNatives {
    public static void main(String[] args) throws Exception {
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache == null || cache.isBlank()) {
            throw new IllegalStateException("set -Dorg.bytedeco.javacpp.cachedir");
        }
        System.out.println("TensorFlow " + org.tensorflow.TensorFlow.version() + " natives unpacked into " + cache);
        if (args.length > 0) {
            String jni = org.bytedeco.javacpp.Loader.getLoadedLibraries().get("jnitensorflow");
            if (jni == null) {
                throw new IllegalStateException("JavaCPP reports no jnitensorflow library: " + org.bytedeco.javacpp.Loader.getLoadedLibraries());
            }
            Path dir = Path.of(jni).toAbsolutePath().getParent();
            Path link = Path.of(args[0]).toAbsolutePath();
            Files.deleteIfExists(link);
            // Relative, so the link survives a COPY of the cache folder into another stage.
            Files.createSymbolicLink(link, link.getParent().relativize(dir));
            System.out.println(link + " -> " + dir);
        }
    }
}
