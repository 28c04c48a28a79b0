package dev.coherent.diffusion;

/**
 * The exact noise predictor for Gaussian data: x₀ ~ N(μ, s²) per feature, with μ read from the
 * first condition input of each row (so conditioning matters) plus a per-member offset.
 *
 * <p>q(x_t) = N(√ᾱ μ, ᾱ s² + 1 − ᾱ), hence E[ε | x_t] = √(1−ᾱ)(x_t − √ᾱ μ)/(ᾱ s² + 1 − ᾱ).
 */
final class GaussianPredictor implements NoisePredictor {
    private final NoiseSchedule schedule;
    private final int dim;
    private final double s2;
    private final double[] memberOffsets;

    GaussianPredictor(NoiseSchedule schedule, int dim, double sd, double... memberOffsets) {
        this.schedule = schedule;
        this.dim = dim;
        this.s2 = sd * sd;
        this.memberOffsets = memberOffsets.length == 0 ? new double[] {0} : memberOffsets;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int members() {
        return memberOffsets.length;
    }

    @Override
    public float[][] predict(float[] x, int step, Conditioning c) {
        double ab = schedule.alphaBar(step);
        float[][] out = new float[memberOffsets.length][x.length];
        for (int m = 0; m < memberOffsets.length; m++) {
            for (int r = 0; r < c.rows(); r++) {
                double mu = c.inputs()[m][r * c.widths()[m]] + memberOffsets[m];
                for (int j = 0; j < dim; j++) {
                    int i = r * dim + j;
                    out[m][i] = (float) (Math.sqrt(1 - ab) * (x[i] - Math.sqrt(ab) * mu) / (ab * s2 + 1 - ab));
                }
            }
        }
        return out;
    }

    /** Conditioning of {@code rows} rows whose μ is {@code mu}, one input per member. */
    static Conditioning conditioning(int rows, int members, float mu) {
        float[][] in = new float[members][rows];
        float[][] mask = new float[members][rows];
        for (int m = 0; m < members; m++) {
            java.util.Arrays.fill(in[m], mu);
            java.util.Arrays.fill(mask[m], 1f);
        }
        int[] ones = new int[members];
        java.util.Arrays.fill(ones, 1);
        return new Conditioning(rows, in, ones, mask, ones);
    }
}
