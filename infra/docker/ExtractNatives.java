/**
 * Loads TensorFlow once at image build time so that JavaCPP unpacks its natives (~700 MB) into
 * {@code org.bytedeco.javacpp.cachedir}: Lambda's file system is read-only outside /tmp and a cold
 * start should not spend seconds unpacking. Run with the function's libraries on the class path:
 * {@code java -Dorg.bytedeco.javacpp.cachedir=/opt/javacpp-cache -cp 'lib/*' ExtractNatives.java}.
 */
public final class ExtractNatives {
    public static void main(String[] args) {
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache == null || cache.isBlank()) {
            throw new IllegalStateException("set -Dorg.bytedeco.javacpp.cachedir");
        }
        System.out.println("TensorFlow " + org.tensorflow.TensorFlow.version() + " natives unpacked into " + cache);
    }
}
