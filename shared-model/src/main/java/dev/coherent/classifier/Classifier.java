package dev.coherent.classifier;

import dev.coherent.tf.ServingSessions;
import dev.coherent.tf.Tensors;
import dev.coherent.tf.WeightVariables;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A trained classifier ready to predict class probabilities.
 *
 * <p>Owns one graph and session; the creator closes it. Thread-safe once built.
 */
public final class Classifier implements AutoCloseable {
    private final ClassifierSpec spec;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> features;
    private final Placeholder<TFloat32> presence;
    private final Operand<TFloat32> probabilities;

    public Classifier(ClassifierSpec spec, Map<String, float[]> weights) {
        this.spec = spec;
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            features = tf.withName("features").placeholder(TFloat32.class);
            presence = tf.withName("presence").placeholder(TFloat32.class);
            WeightVariables vars = new WeightVariables(tf, ClassifierOps.parameterShapes(spec), "");
            probabilities = tf.nn.softmax(ClassifierOps.logits(tf, spec, vars::get, features, presence));
            session = ServingSessions.open(graph, Map.of(vars, weights));
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    public ClassifierSpec spec() {
        return spec;
    }

    /** Class probabilities [rows][classes] of flat features and presence. */
    public float[][] probabilities(float[] featureValues, float[] presenceValues, int rows) {
        int c = spec.classes().size();
        try (TFloat32 f = Tensors.matrix(featureValues, rows, spec.featureWidth());
                TFloat32 p =
                        Tensors.matrix(presenceValues, rows, spec.modalities().size());
                Result r = session.runner()
                        .feed(features, f)
                        .feed(presence, p)
                        .fetch(probabilities)
                        .run()) {
            float[] flat = Tensors.toArray(r.get(0));
            float[][] out = new float[rows][c];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(flat, i * c, out[i], 0, c);
            }
            return out;
        }
    }

    /** Index of the largest probability of each row (ties: the lower index). */
    public static int[] argmax(float[][] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
