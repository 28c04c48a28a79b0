package dev.coherent.classifier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Builds the classifier network: [features, presence] → ReLU layers → class logits. */
public final class ClassifierOps {
    private ClassifierOps() {}

    public static Map<String, long[]> parameterShapes(ClassifierSpec spec) {
        Map<String, long[]> out = new LinkedHashMap<>();
        int in = spec.featureWidth() + spec.modalities().size();
        for (int i = 0; i < spec.layers(); i++) {
            out.put("hidden" + i + "_w", new long[] {in, spec.hidden()});
            out.put("hidden" + i + "_b", new long[] {spec.hidden()});
            in = spec.hidden();
        }
        out.put("out_w", new long[] {in, spec.classes().size()});
        out.put("out_b", new long[] {spec.classes().size()});
        return out;
    }

    /** Class logits of rows given their features [n, featureWidth] and presence [n, modalities]. */
    public static Operand<TFloat32> logits(
            Ops tf,
            ClassifierSpec spec,
            Function<String, Operand<TFloat32>> param,
            Operand<TFloat32> features,
            Operand<TFloat32> presence) {
        Operand<TFloat32> h = tf.concat(List.of(features, presence), tf.constant(1));
        for (int i = 0; i < spec.layers(); i++) {
            h = tf.nn.relu(tf.nn.biasAdd(
                    tf.linalg.matMul(h, param.apply("hidden" + i + "_w")), param.apply("hidden" + i + "_b")));
        }
        return tf.nn.biasAdd(tf.linalg.matMul(h, param.apply("out_w")), param.apply("out_b"));
    }
}
