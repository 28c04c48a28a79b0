package dev.coherent.diffusion;

import dev.coherent.tf.SavedModels;
import dev.coherent.tf.Tensors;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes a denoiser as a TensorFlow SavedModel and reads its weights back.
 *
 * <p>The exported graph is lean: the inference path only (running batch-norm statistics), weights
 * as variables, and one {@code serving_default} signature taking {@code x} [n, d], {@code t} [n]
 * (the integer step as float), {@code conditions} [n, Σd_c] and {@code mask} [n, k] and returning
 * {@code epsilon} [n, d]. Any TensorFlow runtime can serve it; this engine reloads the weights into
 * its fused {@link InferenceGraph}.
 */
public final class DenoiserSavedModel {
    public static final String SIGNATURE = Signature.DEFAULT_KEY;
    public static final String INPUT_X = "x";
    public static final String INPUT_T = "t";
    public static final String INPUT_CONDITIONS = "conditions";
    public static final String INPUT_MASK = "mask";
    public static final String OUTPUT_EPSILON = "epsilon";

    private DenoiserSavedModel() {}

    /** Exports {@code weights} as a SavedModel into {@code dir} (created; must not hold a model). */
    public static void export(DenoiserSpec spec, DenoiserWeights weights, Path dir) {
        SavedModels.export(dir, DenoiserOps.parameterShapes(spec), weights.asMap(), (tf, vars) -> {
            Placeholder<TFloat32> x =
                    tf.withName(INPUT_X).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.targetDim())));
            Placeholder<TFloat32> t = tf.withName(INPUT_T).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
            Placeholder<TFloat32> cond = tf.withName(INPUT_CONDITIONS)
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.conditionWidth())));
            Placeholder<TFloat32> mask = tf.withName(INPUT_MASK)
                    .placeholder(
                            TFloat32.class,
                            Placeholder.shape(Shape.of(-1, spec.conditions().size())));
            Operand<TFloat32> eps = tf.withName(OUTPUT_EPSILON)
                    .identity(DenoiserOps.build(tf, spec, vars::get, x, t, cond, mask, false)
                            .epsilon());
            return Signature.builder(SIGNATURE)
                    .input(INPUT_X, x)
                    .input(INPUT_T, t)
                    .input(INPUT_CONDITIONS, cond)
                    .input(INPUT_MASK, mask)
                    .output(OUTPUT_EPSILON, eps)
                    .build();
        });
    }

    /** Loads a SavedModel written by {@link #export} and copies its weights out. */
    public static DenoiserWeights loadWeights(DenoiserSpec spec, Path dir) {
        return new DenoiserWeights(
                SavedModels.loadWeights(dir, DenoiserOps.parameterShapes(spec).keySet()));
    }

    /**
     * Reads the weights of several exported denoisers at once (see {@link SavedModels#restoreWeights}),
     * keyed like {@code models}.
     */
    public static Map<String, DenoiserWeights> loadWeights(Map<String, Map.Entry<DenoiserSpec, Path>> models) {
        Map<String, Map.Entry<Path, Collection<String>>> request = new LinkedHashMap<>();
        models.forEach((name, m) -> request.put(
                name,
                Map.entry(m.getValue(), DenoiserOps.parameterShapes(m.getKey()).keySet())));
        Map<String, DenoiserWeights> out = new LinkedHashMap<>();
        SavedModels.restoreWeights(request).forEach((name, w) -> out.put(name, new DenoiserWeights(w)));
        return out;
    }

    /** Calls the SavedModel's serving signature once (what an external TensorFlow runtime would do). */
    public static float[] serve(
            DenoiserSpec spec, Path dir, float[] x, float[] steps, float[] conditions, float[] mask) {
        int n = steps.length;
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModels.TAG);
                TFloat32 xt = Tensors.matrix(x, n, spec.targetDim());
                TFloat32 tt = Tensors.vector(steps);
                TFloat32 ct = Tensors.matrix(conditions, n, spec.conditionWidth());
                TFloat32 mt = Tensors.matrix(mask, n, spec.conditions().size());
                Result r = bundle.function(SIGNATURE)
                        .call(Map.of(INPUT_X, xt, INPUT_T, tt, INPUT_CONDITIONS, ct, INPUT_MASK, mt))) {
            return Tensors.toArray(r.get(OUTPUT_EPSILON).orElseThrow());
        }
    }
}
