package dev.coherent.tf;

import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;

/**
 * Sessions on serving graphs: graphs that hold several networks, of which each call runs a few
 * (one fetch combination per member set), with weights in {@link WeightVariables}.
 */
public final class ServingSessions {
    /**
     * Places only what a call runs. By default TensorFlow prepares each new combination of feeds and
     * fetches from the whole graph; a model set's graph holds every denoiser, so assigning the
     * weights took ~140 ms instead of ~30, and each new combination ~20 ms instead of ~8 (16
     * denoisers, 2-core machine). Stateful ops keep their first placement either way.
     */
    private static final ConfigProto CONFIG = ConfigProto.newBuilder()
            .setGraphOptions(GraphOptions.newBuilder().setPlacePrunedGraph(true))
            .build();

    private ServingSessions() {}

    /**
     * Opens a session on a complete graph and assigns every network its weights in one call.
     *
     * @return the caller's session, to close; closed here if the assignment fails
     */
    public static Session open(Graph graph, Map<WeightVariables, Map<String, float[]>> weights) {
        OneDnnSignalSafety.checkOnce();
        Session session = new Session(graph, CONFIG);
        try {
            WeightVariables.assignAll(session, weights);
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }
}
