package dev.coherent.tf;

import com.google.protobuf.CodedOutputStream;
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
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

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
    public static void export(
            Path dir, Map<String, long[]> shapes, Map<String, float[]> weights, GraphBuilder builder) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            WeightVariables vars = new WeightVariables(tf, shapes, "");
            Signature signature = builder.build(tf, vars);
            try (Session session = new Session(graph)) {
                vars.assign(session, weights);
                Files.createDirectories(dir.toAbsolutePath().getParent());
                SavedModelBundle.exporter(dir.toString())
                        .withSession(session)
                        .withFunction(SessionFunction.create(signature, session))
                        .export();
            }
            canonicalize(dir.resolve(SAVED_MODEL_PB));
        } catch (IOException e) {
            throw new CoherentException("cannot export a SavedModel to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static final String SAVED_MODEL_PB = "saved_model.pb";

    /**
     * Rewrites the graph file with protobuf's deterministic serialization (map entries such as node
     * attributes sorted by key): TensorFlow writes them in hash order, so the same graph gave other
     * bytes, hence another sha256, from one export to the next. Same weights now give the same files.
     */
    private static void canonicalize(Path pb) throws IOException {
        SavedModel model = SavedModel.parseFrom(Files.readAllBytes(pb));
        byte[] out = new byte[model.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        stream.useDeterministicSerialization();
        model.writeTo(stream);
        stream.checkNoSpaceLeft();
        Files.write(pb, out);
    }

    /** Where a SavedModel keeps its variables' checkpoint (the standard layout), relative to its folder. */
    static final String CHECKPOINT_PREFIX = "variables/variables";

    /**
     * Reads the named float variables of several SavedModels straight from their checkpoints, in
     * one graph and one session call, and copies them out.
     *
     * <p>Gives exactly the values {@link #loadWeights} gives, about ten times faster for a model set
     * of 16 networks: loading each SavedModel imports and optimizes its serving graph and opens a
     * session only to read the weights back, which a function pays at every cold start. The serving
     * graph ({@code saved_model.pb}) is for other runtimes; callers verify its sha256 with the rest.
     *
     * @param models key → (SavedModel folder, variable names); the answer keeps the keys' order
     */
    public static <K> Map<K, Map<String, float[]>> restoreWeights(Map<K, Map.Entry<Path, Collection<String>>> models) {
        Map<K, Map<String, float[]>> out = new LinkedHashMap<>();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            List<Operand<?>> fetches = new ArrayList<>();
            List<Map.Entry<K, String>> keys = new ArrayList<>();
            for (Map.Entry<K, Map.Entry<Path, Collection<String>>> m : models.entrySet()) {
                List<String> names = new ArrayList<>(m.getValue().getValue());
                String[] slices = new String[names.size()];
                java.util.Arrays.fill(slices, "");
                List<Class<? extends TType>> types = new ArrayList<>();
                names.forEach(n -> types.add(TFloat32.class));
                Restore restore = tf.train.restore(
                        tf.constant(
                                m.getValue().getKey().resolve(CHECKPOINT_PREFIX).toString()),
                        tf.constant(NdArrays.vectorOfObjects(names.toArray(new String[0]))),
                        tf.constant(NdArrays.vectorOfObjects(slices)),
                        types);
                for (int i = 0; i < names.size(); i++) {
                    fetches.add(restore.tensors().get(i));
                    keys.add(Map.entry(m.getKey(), names.get(i)));
                }
                out.put(m.getKey(), new LinkedHashMap<>());
            }
            try (Session session = new Session(graph)) {
                Session.Runner runner = session.runner();
                fetches.forEach(runner::fetch);
                try (Result r = runner.run()) {
                    for (int i = 0; i < keys.size(); i++) {
                        out.get(keys.get(i).getKey()).put(keys.get(i).getValue(), Tensors.toArray(r.get(i)));
                    }
                }
            }
            return out;
        } catch (RuntimeException e) {
            throw new CoherentException(
                    "cannot read the SavedModels' weights (" + models.size() + " models, e.g. "
                            + models.values().iterator().next().getKey() + "): " + e.getMessage(),
                    e);
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
