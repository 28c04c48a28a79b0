package dev.coherent.tf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A network's parameters as graph variables that are filled from Java arrays after the session
 * starts.
 *
 * <p>Exported SavedModels and the inference graphs hold weights this way, so the weights are stored
 * once, not again as graph constants, and a graph is built once for any weights.
 */
public final class WeightVariables {
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Map<String, long[]> shapes;
    private final List<Placeholder<TFloat32>> values = new ArrayList<>();
    private final List<Op> assigns = new ArrayList<>();

    /**
     * @param shapes parameter names and shapes, in a stable order
     * @param prefix prepended to every op name (several networks in one graph)
     */
    public WeightVariables(Ops tf, Map<String, long[]> shapes, String prefix) {
        this.shapes = shapes;
        for (Map.Entry<String, long[]> p : shapes.entrySet()) {
            Variable<TFloat32> v = tf.withName(prefix + p.getKey()).variable(Shape.of(p.getValue()), TFloat32.class);
            Placeholder<TFloat32> value =
                    tf.withName(prefix + p.getKey() + "_value").placeholder(TFloat32.class);
            variables.put(p.getKey(), v);
            values.add(value);
            assigns.add(tf.assign(v, value));
        }
    }

    public Variable<TFloat32> get(String name) {
        return variables.get(name);
    }

    /** Assigns every variable its value from {@code weights} in one session call. */
    public void assign(Session session, Map<String, float[]> weights) {
        assignAll(session, Map.of(this, weights));
    }

    /**
     * Assigns several networks' variables in one session call: TensorFlow prepares an executor for
     * each new combination of feeds and targets, so one call costs far less than one per network.
     */
    public static void assignAll(Session session, Map<WeightVariables, Map<String, float[]>> networks) {
        List<Tensor> owned = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (Map.Entry<WeightVariables, Map<String, float[]>> n : networks.entrySet()) {
                n.getKey().feed(runner, n.getValue(), owned);
            }
            runner.run();
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    private void feed(Session.Runner runner, Map<String, float[]> weights, List<Tensor> owned) {
        int i = 0;
        for (Map.Entry<String, long[]> p : shapes.entrySet()) {
            long[] shape = p.getValue();
            float[] w = weights.get(p.getKey());
            if (w == null) {
                throw new IllegalArgumentException("no value for parameter " + p.getKey());
            }
            TFloat32 tensor = shape.length == 1 ? Tensors.vector(w) : Tensors.matrix(w, (int) shape[0], (int) shape[1]);
            owned.add(tensor);
            runner.feed(values.get(i), tensor).addTarget(assigns.get(i));
            i++;
        }
    }
}
