package dev.coherent.tf;

import dev.coherent.CoherentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;

/**
 * Writes lean TensorFlow SavedModels (one serving signature, weights as variables restored from the
 * checkpoint) and reads their weights back; the one place that talks to the SavedModel API.
 */
public final class SavedModels {
    public static final String TAG = SavedModelBundle.DEFAULT_TAG;

    /** Builds the serving graph over the weight variables and returns its signature. */
    @FunctionalInterface
    public interface GraphBuilder {
        Signature build(Ops tf, WeightVariables weights);
    }

    private SavedModels() {}

    /** Exports a graph with the given weights into {@code dir} (its parent is created). */
    public static void export(Path dir, Map<String, long[]> shapes, Map<String, float[]> weights, GraphBuilder builder) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            WeightVariables vars = new WeightVariables(tf, shapes, "");
            Signature signature = builder.build(tf, vars);
            try (Session session = new Session(graph)) {
                vars.assign(session, weights);
                Files.createDirectories(dir.toAbsolutePath().getParent());
                SavedModelBundle.exporter(dir.toString()).withSession(session)
                        .withFunction(SessionFunction.create(signature, session)).export();
            }
        } catch (IOException e) {
            throw new CoherentException("cannot export a SavedModel to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads a SavedModel and copies the named variables out. */
    public static Map<String, float[]> loadWeights(Path dir, Collection<String> names) {
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), TAG)) {
            Session.Runner runner = bundle.session().runner();
            List<String> ordered = new ArrayList<>(names);
            ordered.forEach(runner::fetch);
            Map<String, float[]> out = new LinkedHashMap<>();
            try (Result r = runner.run()) {
                for (int i = 0; i < ordered.size(); i++) {
                    out.put(ordered.get(i), Tensors.toArray(r.get(i)));
                }
            }
            return out;
        } catch (RuntimeException e) {
            throw new CoherentException("cannot load the SavedModel in " + dir + ": " + e.getMessage(), e);
        }
    }
}
