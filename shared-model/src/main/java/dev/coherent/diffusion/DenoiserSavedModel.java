package dev.coherent.diffusion;

import dev.coherent.CoherentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
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
    private static final String TAG = SavedModelBundle.DEFAULT_TAG;

    private DenoiserSavedModel() {}

    /** Exports {@code weights} as a SavedModel into {@code dir} (created; must not hold a model). */
    public static void export(DenoiserSpec spec, DenoiserWeights weights, Path dir) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> x = tf.withName(INPUT_X).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, spec.targetDim())));
            Placeholder<TFloat32> t = tf.withName(INPUT_T).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1)));
            Placeholder<TFloat32> cond = tf.withName(INPUT_CONDITIONS).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, spec.conditionWidth())));
            Placeholder<TFloat32> mask = tf.withName(INPUT_MASK).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, spec.conditions().size())));
            WeightVariables vars = new WeightVariables(tf, spec, "");
            Operand<TFloat32> eps = tf.withName(OUTPUT_EPSILON).identity(
                    DenoiserOps.build(tf, spec, vars::get, x, t, cond, mask, false).epsilon());
            try (Session session = new Session(graph)) {
                vars.assign(session, weights);
                Signature signature = Signature.builder(SIGNATURE).input(INPUT_X, x).input(INPUT_T, t)
                        .input(INPUT_CONDITIONS, cond).input(INPUT_MASK, mask).output(OUTPUT_EPSILON, eps).build();
                Files.createDirectories(dir.toAbsolutePath().getParent());
                SavedModelBundle.exporter(dir.toString()).withSession(session)
                        .withFunction(SessionFunction.create(signature, session)).export();
            }
        } catch (IOException e) {
            throw new CoherentException("cannot export " + spec.name() + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads a SavedModel written by {@link #export} and copies its weights out. */
    public static DenoiserWeights loadWeights(DenoiserSpec spec, Path dir) {
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), TAG)) {
            Session.Runner runner = bundle.session().runner();
            List<String> names = new ArrayList<>(DenoiserOps.parameterShapes(spec).keySet());
            names.forEach(runner::fetch);
            Map<String, float[]> out = new LinkedHashMap<>();
            try (Result r = runner.run()) {
                for (int i = 0; i < names.size(); i++) {
                    out.put(names.get(i), Tensors.toArray(r.get(i)));
                }
            }
            return new DenoiserWeights(out);
        } catch (RuntimeException e) {
            throw new CoherentException("cannot load SavedModel " + spec.name() + " from " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Calls the SavedModel's serving signature once (what an external TensorFlow runtime would do). */
    public static float[] serve(DenoiserSpec spec, Path dir, float[] x, float[] steps, float[] conditions,
            float[] mask) {
        int n = steps.length;
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), TAG);
                TFloat32 xt = Tensors.matrix(x, n, spec.targetDim());
                TFloat32 tt = Tensors.vector(steps);
                TFloat32 ct = Tensors.matrix(conditions, n, spec.conditionWidth());
                TFloat32 mt = Tensors.matrix(mask, n, spec.conditions().size());
                Result r = bundle.function(SIGNATURE).call(Map.of(INPUT_X, xt, INPUT_T, tt, INPUT_CONDITIONS, ct,
                        INPUT_MASK, mt))) {
            return Tensors.toArray(r.get(OUTPUT_EPSILON).orElseThrow());
        }
    }
}
