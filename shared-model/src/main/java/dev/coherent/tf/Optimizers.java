package dev.coherent.tf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Optimizer update ops built into a graph. */
public final class Optimizers {
    public static final float ADAM_BETA1 = 0.9f;
    public static final float ADAM_BETA2 = 0.999f;
    public static final float ADAM_EPSILON = 1e-8f;

    private Optimizers() {}

    /**
     * Adam (Kingma &amp; Ba 2014) minimizing {@code loss}, with PyTorch's defaults, built by hand: TF Java 1.1.0's
     * {@code Adam.finish} updates β₁ᵗ/β₂ᵗ in parallel with the updates that read them, so its bias
     * correction, and with it every run, depends on thread timing. Here every update waits for every
     * gradient, and the β powers advance only after every update. Variable names are flat
     * ({@code adam_m<i>}), as TF Java needs; one optimizer per graph.
     *
     * @param variables the network's variables; those {@link Layers#trainable} are updated, in map order
     * @param learningRate a scalar operand, e.g. a placeholder fed every step
     * @return the op to run as a training target
     */
    public static Op adam(
            Graph graph,
            Ops tf,
            Operand<TFloat32> loss,
            Map<String, Variable<TFloat32>> variables,
            Operand<TFloat32> learningRate) {
        return adam(graph, tf, loss, variables, learningRate, 0);
    }

    /**
     * As {@link #adam(Graph, Ops, Operand, Map, Operand)} with decoupled weight decay (AdamW,
     * Loshchilov &amp; Hutter 2019): after each update every weight matrix ({@link Layers#WEIGHT})
     * shrinks by learning rate × {@code weightDecay}; biases and batch-norm parameters do not. A
     * decay of 0 builds exactly the plain Adam graph.
     */
    @SuppressWarnings("unchecked")
    public static Op adam(
            Graph graph,
            Ops tf,
            Operand<TFloat32> loss,
            Map<String, Variable<TFloat32>> variables,
            Operand<TFloat32> learningRate,
            float weightDecay) {
        List<Variable<TFloat32>> vars = new ArrayList<>();
        variables.forEach((name, v) -> {
            if (Layers.trainable(name)) {
                vars.add(v);
            }
        });
        Output<?>[] grads = graph.addGradients(
                loss.asOutput(), vars.stream().map(Variable::asOutput).toArray(Output[]::new));
        List<Op> gradientReady = new ArrayList<>();
        for (Output<?> g : grads) {
            gradientReady.add(tf.identity((Output<TFloat32>) g));
        }
        Ops afterGradients = tf.withControlDependencies(gradientReady);
        Variable<TFloat32> beta1Power = tf.withName("adam_beta1_power").variable(tf.constant(ADAM_BETA1));
        Variable<TFloat32> beta2Power = tf.withName("adam_beta2_power").variable(tf.constant(ADAM_BETA2));
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            Variable<TFloat32> v = vars.get(i);
            Operand<TFloat32> zeros = tf.zeros(tf.constant(v.shape().asArray()), TFloat32.class);
            Variable<TFloat32> m = tf.withName("adam_m" + i).variable(zeros);
            Variable<TFloat32> s = tf.withName("adam_v" + i).variable(zeros);
            updates.add(afterGradients.train.applyAdam(
                    v,
                    m,
                    s,
                    beta1Power,
                    beta2Power,
                    learningRate,
                    tf.constant(ADAM_BETA1),
                    tf.constant(ADAM_BETA2),
                    tf.constant(ADAM_EPSILON),
                    afterGradients.identity((Output<TFloat32>) grads[i])));
        }
        Ops afterUpdates = tf.withControlDependencies(updates);
        List<Op> finish = new ArrayList<>();
        finish.add(afterUpdates.assign(beta1Power, tf.math.mul(beta1Power, tf.constant(ADAM_BETA1))));
        finish.add(afterUpdates.assign(beta2Power, tf.math.mul(beta2Power, tf.constant(ADAM_BETA2))));
        if (weightDecay > 0) {
            Operand<TFloat32> rate = tf.math.mul(learningRate, tf.constant(weightDecay));
            variables.forEach((name, v) -> {
                if (Layers.trainable(name) && name.endsWith(Layers.WEIGHT)) {
                    // The decay reads the weight after its Adam update: built without the control
                    // dependency, the read raced the update (two runs of one seed trained apart).
                    finish.add(afterUpdates.assignSub(v, afterUpdates.math.mul(rate, v)));
                }
            });
        }
        return tf.withControlDependencies(finish).noOp();
    }
}
