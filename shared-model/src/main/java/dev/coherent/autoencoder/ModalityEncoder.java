package dev.coherent.autoencoder;

import dev.coherent.preprocess.LatentKind;
import dev.coherent.preprocess.PreprocessingParameters;
import dev.coherent.preprocess.Preprocessor;
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
 * One modality's fitted preprocessing, encoder and decoder, ready for inference.
 *
 * <p>The encoder and decoder share one frozen graph, weights as variables exactly as in the
 * exported SavedModels (so both give the same outputs), batch norm with running statistics (a
 * row's code does not depend on its batch). For {@link LatentKind#NONE} both are the identity and
 * no graph is built. Owns its {@link Graph} and {@link Session}; the creator closes it.
 * Thread-safe once built.
 */
public final class ModalityEncoder implements AutoCloseable {
    private static final String ENCODER = "encoder.";
    private static final String DECODER = "decoder.";

    private final EncoderSpec spec;
    private final Preprocessor preprocessor;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> x;
    private final Placeholder<TFloat32> z;
    private final Operand<TFloat32> code;
    private final Operand<TFloat32> reconstruction;

    /**
     * @param encoderWeights the encoder's parameters ({@link EncoderSpec#encoderShapes()})
     * @param decoderWeights the decoder's parameters ({@link EncoderSpec#decoderShapes()})
     */
    public ModalityEncoder(
            EncoderSpec spec,
            PreprocessingParameters preprocessing,
            Map<String, float[]> encoderWeights,
            Map<String, float[]> decoderWeights) {
        this.spec = spec;
        this.preprocessor = new Preprocessor(preprocessing);
        if (preprocessing.dim() != spec.inputDim()) {
            throw new IllegalArgumentException(spec.modality() + ": preprocessing keeps " + preprocessing.dim()
                    + " features but the encoder reads " + spec.inputDim());
        }
        if (spec.kind() == LatentKind.NONE) {
            graph = null;
            session = null;
            x = null;
            z = null;
            code = null;
            reconstruction = null;
            return;
        }
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            x = tf.withName("x").placeholder(TFloat32.class);
            z = tf.withName("z").placeholder(TFloat32.class);
            WeightVariables enc = new WeightVariables(tf, spec.encoderShapes(), ENCODER);
            WeightVariables dec = new WeightVariables(tf, spec.decoderShapes(), DECODER);
            code = spec.encode(tf, enc::get, x);
            reconstruction = spec.decode(tf, dec::get, z);
            session = ServingSessions.open(graph, Map.of(enc, encoderWeights, dec, decoderWeights));
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    public EncoderSpec spec() {
        return spec;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /** Codes [n][L] of preprocessed rows [n][D] (no missing cell). */
    public float[][] encode(float[][] preprocessed) {
        return run(preprocessed, spec.inputDim(), spec.latentDim(), x, code);
    }

    /** Preprocessed-space reconstructions [n][D] of codes [n][L]. */
    public float[][] decode(float[][] codes) {
        return run(codes, spec.latentDim(), spec.inputDim(), z, reconstruction);
    }

    private float[][] run(float[][] rows, int in, int out, Placeholder<TFloat32> input, Operand<TFloat32> output) {
        for (float[] r : rows) {
            if (r.length != in) {
                throw new IllegalArgumentException(
                        spec.modality() + ": row of " + r.length + " values, expected " + in);
            }
        }
        if (spec.kind() == LatentKind.NONE || rows.length == 0) {
            float[][] copy = new float[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                copy[i] = rows[i].clone();
            }
            return copy;
        }
        float[] flat = new float[rows.length * in];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * in, in);
        }
        try (TFloat32 t = Tensors.matrix(flat, rows.length, in);
                Result r = session.runner().feed(input, t).fetch(output).run()) {
            float[] values = Tensors.toArray(r.get(0));
            float[][] result = new float[rows.length][out];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(values, i * out, result[i], 0, out);
            }
            return result;
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            graph.close();
        }
    }
}
