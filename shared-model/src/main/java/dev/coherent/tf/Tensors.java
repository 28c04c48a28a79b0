package dev.coherent.tf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Copies between Java arrays and float tensors.
 *
 * <p>The caller owns (and closes) every tensor these methods create; results are copied out so
 * that no tensor outlives the call that fetched it (docs/tensor-lifetimes.md).
 */
public final class Tensors {
    private Tensors() {}

    /** A new [rows, cols] tensor holding a copy of {@code data}; the caller closes it. */
    public static TFloat32 matrix(float[] data, int rows, int cols) {
        return TFloat32.tensorOf(Shape.of(rows, cols), DataBuffers.of(data, true, false));
    }

    /** A new [n] tensor holding a copy of {@code data}; the caller closes it. */
    public static TFloat32 vector(float[] data) {
        return TFloat32.tensorOf(Shape.of(data.length), DataBuffers.of(data, true, false));
    }

    /** A new [n] tensor with every entry equal to {@code value}; the caller closes it. */
    public static TFloat32 filled(int n, float value) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return vector(v);
    }

    /**
     * Adds {@code tensor} to {@code owned} and returns it, so that tensors created inline while
     * feeding a runner are closed together by whoever closes {@code owned}.
     */
    public static <T extends Tensor> T own(List<Tensor> owned, T tensor) {
        owned.add(tensor);
        return tensor;
    }

    /** Copies a float tensor's values into a new array. */
    public static float[] toArray(Tensor tensor) {
        TFloat32 t = (TFloat32) tensor;
        float[] out = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    /** The values of named float operands (e.g. a network's variables) in one session call, copied out, by name. */
    public static Map<String, float[]> fetch(Session session, Map<String, ? extends Operand<TFloat32>> operands) {
        Session.Runner runner = session.runner();
        operands.values().forEach(runner::fetch);
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Result r = runner.run()) {
            int i = 0;
            for (String name : operands.keySet()) {
                out.put(name, toArray(r.get(i++)));
            }
        }
        return out;
    }
}
