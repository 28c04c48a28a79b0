package dev.coherent.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.metrics.Divergence;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffusionSamplerTest {
    private static final int ROWS = 4000;
    private static final int DIM = 2;
    private static final double MU = 1.5;
    private static final double SD = 0.5;
    private final NoiseSchedule schedule = NoiseSchedule.standard();
    private final DiffusionSampler sampler = new DiffusionSampler(schedule);

    private static long[] seeds(int n, long base) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = base * 1_000_003L + i;
        }
        return s;
    }

    private double[] meanAndSd(float[] v) {
        double sum = 0;
        for (float f : v) {
            sum += f;
        }
        double mean = sum / v.length;
        double sq = 0;
        for (float f : v) {
            sq += (f - mean) * (f - mean);
        }
        return new double[] {mean, Math.sqrt(sq / v.length)};
    }

    private float[] sample(SamplerSettings settings) {
        GaussianPredictor model = new GaussianPredictor(schedule, DIM, SD);
        return sampler.sample(
                        model, null, GaussianPredictor.conditioning(ROWS, 1, (float) MU), seeds(ROWS, 7), settings)
                .values();
    }

    @Test
    void ddpmWithTheExactPredictorReturnsTheDataGaussian() {
        double[] ms = meanAndSd(sample(SamplerSettings.ddpm()));
        // Standard errors with 8000 values: mean 0.006, sd 0.004.
        assertEquals(MU, ms[0], 0.03);
        assertEquals(SD, ms[1], 0.025);
    }

    @Test
    void ddimOverAllStepsAgreesWithDdpmAndHundredStepsStaysClose() {
        double[] ddpm = meanAndSd(sample(SamplerSettings.ddpm()));
        double[] ddim1000 = meanAndSd(sample(SamplerSettings.ddim(1000)));
        double[] ddim100 = meanAndSd(sample(SamplerSettings.ddim(100)));
        assertEquals(ddpm[0], ddim1000[0], 0.03);
        assertEquals(ddpm[1], ddim1000[1], 0.03);
        assertEquals(MU, ddim100[0], 0.03);
        // Deterministic DDIM shrinks a Gaussian's spread on coarse grids (Cauchy–Schwarz on its linear
        // update); the sample must match that exact prediction and stay within 10% of the truth.
        double predicted = ddimSpread(schedule.stridedSteps(100), 0);
        assertEquals(predicted, ddim100[1], 0.01);
        assertEquals(SD, ddim100[1], 0.1 * SD);
        assertEquals(SD, ddimSpread(schedule.stridedSteps(1000), 0), 0.005);
        double[] stochastic = meanAndSd(sample(SamplerSettings.ddim(100).withEta(1.0)));
        assertEquals(MU, stochastic[0], 0.03);
        assertEquals(ddimSpread(schedule.stridedSteps(100), 1.0), stochastic[1], 0.01);
        assertEquals(SD, stochastic[1], 0.1 * SD);
    }

    @Test
    void fewStepDdimMatchesItsClosedFormAndApproachesTheFullProcessAsStepsGrow() {
        for (double eta : new double[] {0, 1}) {
            double full = ddimSpread(schedule.stridedSteps(1000), eta);
            double previous = 0;
            for (int steps : new int[] {10, 20, 50}) {
                double[] ms = meanAndSd(sample(SamplerSettings.ddim(steps).withEta(eta)));
                String what = steps + " steps, eta " + eta;
                assertEquals(MU, ms[0], 0.03, what);
                assertEquals(ddimSpread(schedule.stridedSteps(steps), eta), ms[1], 0.015, what);
                // Coarse grids shrink the spread of this narrow Gaussian (by 11% at 50 steps, η = 1);
                // more steps must bring it monotonically towards the full process, never past it.
                assertTrue(ms[1] > previous && ms[1] < full + 0.015, what + ": sd " + ms[1]);
                previous = ms[1];
            }
        }
    }

    /** x₀ ~ N(MU, SD²) for every row and feature, seeded. */
    private static float[] gaussianData(int rows, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] x0 = new float[rows * DIM];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = (float) (MU + SD * random.nextGaussian());
        }
        return x0;
    }

    private X0Error measuredX0Error() {
        GaussianPredictor model = new GaussianPredictor(schedule, DIM, SD);
        return X0Error.measure(
                model,
                null,
                GaussianPredictor.conditioning(ROWS, 1, (float) MU),
                gaussianData(ROWS, 5),
                schedule,
                X0Error.grid(schedule, 10),
                9);
    }

    @Test
    void measuredX0ErrorOfTheExactPredictorIsThePosteriorVariance() {
        X0Error error = measuredX0Error();
        for (int t : new int[] {0, 5, 100, 333, 705, 999}) {
            double ab = schedule.alphaBar(t);
            // Var(x₀ | x_t) = s²(1−ᾱ)/(ᾱs² + 1 − ᾱ); 8000 squares estimate it to ~3% (more between grid steps).
            double exact = SD * SD * (1 - ab) / (ab * SD * SD + 1 - ab);
            assertEquals(exact, error.at(t), 0.06 * exact, "t = " + t);
        }
    }

    @Test
    void analyticVarianceKeepsFewStepSpreadsRight() {
        // Fixed-variance DDIM shrinks this Gaussian by 11% at 50 steps (η 1; test above); with the
        // measured x̂₀ error each step is the exact conditional, so every grid gives the data's spread.
        X0Error error = measuredX0Error();
        GaussianPredictor model = new GaussianPredictor(schedule, DIM, SD);
        for (double eta : new double[] {0, 1}) {
            for (int steps : new int[] {10, 20, 50, 1000}) {
                SamplerSettings settings =
                        SamplerSettings.ddim(steps).withEta(eta).withVariance(StepVariance.ANALYTIC);
                double[] ms = meanAndSd(sampler.sample(
                                model,
                                null,
                                GaussianPredictor.conditioning(ROWS, 1, (float) MU),
                                seeds(ROWS, 7),
                                null,
                                settings,
                                error)
                        .values());
                String what = steps + " steps, eta " + eta;
                assertEquals(MU, ms[0], 0.03, what);
                assertEquals(SD, ms[1], 0.02, what);
            }
        }
    }

    /**
     * Exact sd of DDIM for N(μ, SD²) data and the exact ε̂: each step maps the centred sample x̃_t to
     * c·x̃_t + σz with c = (√(ᾱ_t ᾱ_s)·SD² + √(1−ᾱ_s−σ²)·√(1−ᾱ_t)) / (ᾱ_t SD² + 1 − ᾱ_t), starting
     * from unit variance. Coarse grids shrink the spread (Cauchy–Schwarz), fine grids do not.
     */
    private double ddimSpread(int[] steps, double eta) {
        double var = 1;
        double s2 = SD * SD;
        for (int k = 0; k < steps.length; k++) {
            int prev = k == steps.length - 1 ? -1 : steps[k + 1];
            double a = schedule.alphaBar(steps[k]);
            double b = prev < 0 ? 1.0 : schedule.alphaBar(prev);
            double sigma = ReverseUpdates.ddimSigma(schedule, steps[k], prev, eta);
            double c = (Math.sqrt(a * b) * s2 + Math.sqrt(1 - b - sigma * sigma) * Math.sqrt(1 - a)) / (a * s2 + 1 - a);
            var = c * c * var + sigma * sigma;
        }
        return Math.sqrt(var);
    }

    @Test
    void sameSeedsGiveIdenticalSamplesAndARowIgnoresItsBatchmates() {
        GaussianPredictor model = new GaussianPredictor(schedule, DIM, SD);
        long[] seeds = seeds(10, 3);
        float[] a = sampler.sample(
                        model, null, GaussianPredictor.conditioning(10, 1, 1f), seeds, SamplerSettings.ddim(20))
                .values();
        float[] b = sampler.sample(
                        model, null, GaussianPredictor.conditioning(10, 1, 1f), seeds, SamplerSettings.ddim(20))
                .values();
        assertArrayEquals(a, b);
        float[] alone = sampler.sample(
                        model,
                        null,
                        GaussianPredictor.conditioning(1, 1, 1f),
                        new long[] {seeds[4]},
                        SamplerSettings.ddim(20))
                .values();
        assertArrayEquals(new float[] {a[8], a[9]}, alone);
        float[] other = sampler.sample(
                        model, null, GaussianPredictor.conditioning(10, 1, 1f), seeds(10, 4), SamplerSettings.ddim(20))
                .values();
        assertNotEquals(a[0], other[0]);
    }

    @Test
    void antitheticPairsOfALinearSamplerAverageToTheConditionalMean() {
        // With the exact predictor of a Gaussian, deterministic DDIM maps noise linearly to samples,
        // so a pair with negated noise averages to exactly the data mean; independent pairs do not.
        GaussianPredictor model = new GaussianPredictor(schedule, DIM, SD);
        int pairs = 50;
        long[] seeds = new long[2 * pairs];
        float[] signs = new float[2 * pairs];
        for (int i = 0; i < pairs; i++) {
            seeds[2 * i] = seeds[2 * i + 1] = 1000 + i;
            signs[2 * i] = 1;
            signs[2 * i + 1] = -1;
        }
        float[] v = sampler.sample(
                        model,
                        null,
                        GaussianPredictor.conditioning(2 * pairs, 1, (float) MU),
                        seeds,
                        signs,
                        SamplerSettings.ddim(50))
                .values();
        // x₀ = μ + c·(x_T − √ᾱ_T μ) for the linear map's gain c, so a pair averages to μ(1 − c√ᾱ_T).
        int[] steps = schedule.stridedSteps(50);
        double expected = MU * (1 - ddimSpread(steps, 0) * Math.sqrt(schedule.alphaBar(steps[0])));
        double independentError = 0;
        for (int i = 0; i < pairs; i++) {
            for (int j = 0; j < DIM; j++) {
                double pairMean = (v[(2 * i) * DIM + j] + v[(2 * i + 1) * DIM + j]) / 2;
                assertEquals(expected, pairMean, 1e-4);
                independentError += Math.abs(v[(2 * i) * DIM + j] - MU);
            }
        }
        assertTrue(independentError / (pairs * DIM) > 0.1, "single draws do spread");
    }

    @Test
    void consensusIsTheWeightedMeanOfTheMembersPredictions() {
        // Two exact members whose means differ: the consensus of two ε-predictors with weights w is
        // the exact predictor of the weighted mean (ε̂ is affine in μ), so samples centre there.
        GaussianPredictor model = new GaussianPredictor(schedule, DIM, SD, -1.0, 1.0);
        float[] v = sampler.sample(
                        model,
                        new double[] {3, 1},
                        GaussianPredictor.conditioning(ROWS, 2, (float) MU),
                        seeds(ROWS, 11),
                        SamplerSettings.ddim(50).withRejection(RejectionSettings.NONE))
                .values();
        assertEquals(MU + (0.75 * -1.0 + 0.25 * 1.0), meanAndSd(v)[0], 0.03);
    }

    @Test
    void membersTrainedAroundTheirOwnCentersAgreeOnceShiftedToTheCommonOne() {
        // Member m learned x₀ − c_m ~ N(μ − c_m, s²): exact predictors with means μ − c_m. Sampling
        // around C with offsets C − c_m must give the common residual x₀ − C ~ N(μ − C, s²).
        double c0 = 0.5;
        double c1 = -1.0;
        double common = 1.0;
        GaussianPredictor together = new GaussianPredictor(schedule, DIM, SD, -c0, -c1);
        OffsetEnsemble ensemble = new OffsetEnsemble(
                together,
                List.of(new GaussianPredictor(schedule, DIM, SD, -c0), new GaussianPredictor(schedule, DIM, SD, -c1)),
                schedule);
        float[][] offsets = new float[2][ROWS * DIM];
        java.util.Arrays.fill(offsets[0], (float) (common - c0));
        java.util.Arrays.fill(offsets[1], (float) (common - c1));
        Conditioning c = GaussianPredictor.conditioning(ROWS, 2, (float) MU).withOffsets(offsets, DIM);
        SamplerSettings settings = SamplerSettings.ddpm().withRejection(RejectionSettings.NONE);
        double[] ms = meanAndSd(
                sampler.sample(ensemble, null, c, seeds(ROWS, 13), settings).values());
        assertEquals(MU - common, ms[0], 0.03);
        assertEquals(SD, ms[1], 0.03);
        // Without the shift the members disagree and the consensus lands between their centers.
        double[] unshifted = meanAndSd(sampler.sample(
                        ensemble, null, GaussianPredictor.conditioning(ROWS, 2, (float) MU), seeds(ROWS, 13), settings)
                .values());
        assertTrue(Math.abs(unshifted[0] - (MU - common)) > 0.5, "unshifted mean " + unshifted[0]);
    }

    @Test
    void coherenceDistanceOnHandMadePredictions() {
        float[][] pred = {{1, 0}, {0, 1}, {1, 0}};
        double[] d = Ensemble.coherenceDistance(pred, new double[] {0.5, 0.3, 0.2}, 1, 2);
        // cos12 = 0, cos13 = 1, cos23 = 0; w̃ = 0.4, 0.35, 0.25 → d = 1 − 0.35.
        assertEquals(0.65, d[0], 1e-12);
        float[][] opposite = {{1, 2}, {-1, -2}};
        assertEquals(2.0, Ensemble.coherenceDistance(opposite, new double[] {0.5, 0.5}, 1, 2)[0], 1e-12);
    }

    @Test
    void softmaxOfInverseMseMatchesTheReferenceExample() {
        double[] w = Ensemble.softmaxInverse(new double[] {0.25, 0.5, 1.0});
        assertEquals(0.844, w[0], 1e-3);
        assertEquals(0.114, w[1], 1e-3);
        assertEquals(0.042, w[2], 1e-3);
    }

    /** Members agree on rows with μ ≥ 0 and point in opposite directions on rows with μ &lt; 0. */
    private static final class SplitPredictor implements NoisePredictor {
        @Override
        public int dim() {
            return 2;
        }

        @Override
        public int members() {
            return 2;
        }

        @Override
        public float[][] predict(float[] x, int step, Conditioning c) {
            float[][] out = new float[2][x.length];
            for (int r = 0; r < c.rows(); r++) {
                boolean incoherent = c.inputs()[0][r] < 0;
                out[0][r * 2] = 1;
                out[0][r * 2 + 1] = 0.5f;
                out[1][r * 2] = incoherent ? -1 : 1;
                out[1][r * 2 + 1] = incoherent ? -0.5f : 0.5f;
            }
            return out;
        }
    }

    @Test
    void incoherentRowsAreRetriedUpToTheLimitAndKeepTheirBestAttempt() {
        Conditioning c = new Conditioning(
                3,
                new float[][] {{1, -1, 2}, {0, 0, 0}},
                new int[] {1, 1},
                new float[][] {{1, 1, 1}, {1, 1, 1}},
                new int[] {1, 1});
        DiffusionSampler.Samples s = sampler.sample(
                new SplitPredictor(),
                null,
                c,
                seeds(3, 1),
                SamplerSettings.ddim(10).withRejection(new RejectionSettings(1.0, 0.10, 4)));
        assertArrayEquals(new int[] {1, 4, 1}, s.attempts());
        assertTrue(s.accepted()[0]);
        assertFalse(s.accepted()[1]);
        assertEquals(1.0, s.badFraction()[1], 0);
        assertEquals(0.0, s.badFraction()[0], 0);
        assertEquals(1, s.rejectedRows());
        for (float v : s.values()) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void ddpmRefusesAStepCountOtherThanTheSchedule() {
        assertThrows(
                IllegalArgumentException.class,
                () -> sampler.stepsFor(new SamplerSettings(SamplerKind.DDPM, 50, 0, RejectionSettings.DEFAULT)));
    }

    /** An imperfect model: the exact Gaussian predictor's ε̂ times {@code factor}. */
    private record ScaledPredictor(NoisePredictor exact, float factor) implements NoisePredictor {
        @Override
        public int dim() {
            return exact.dim();
        }

        @Override
        public int members() {
            return exact.members();
        }

        @Override
        public float[][] predict(float[] x, int step, Conditioning c) {
            float[][] out = exact.predict(x, step, c);
            for (float[] member : out) {
                for (int i = 0; i < member.length; i++) {
                    member[i] *= factor;
                }
            }
            return out;
        }
    }

    /**
     * Diverged draws of 40 patients × 10 draws of an 8-feature modality whose data are standardized
     * (N(0, 1) per feature, the conditions carrying no information: the widest legitimate spread).
     */
    private int divergedDraws(float noiseFactor, SamplerSettings settings) {
        int patients = 40;
        int draws = 10;
        int dim = 8;
        NoisePredictor model = new ScaledPredictor(new GaussianPredictor(schedule, dim, 1.0), noiseFactor);
        float[] v = sampler.sample(
                        model,
                        null,
                        GaussianPredictor.conditioning(patients * draws, 1, 0f),
                        seeds(patients * draws, 17),
                        settings)
                .values();
        int diverged = 0;
        for (int p = 0; p < patients; p++) {
            float[][] d = new float[draws][dim];
            for (int r = 0; r < draws; r++) {
                System.arraycopy(v, (p * draws + r) * dim, d[r], 0, dim);
            }
            diverged += Divergence.divergedDraws(d);
        }
        return diverged;
    }

    @Test
    void divergenceGuardStaysSilentOnTheExactPredictorWhateverTheSampler() {
        for (SamplerSettings s : new SamplerSettings[] {
            SamplerSettings.DEFAULT, SamplerSettings.ddpm(), SamplerSettings.ddim(100), SamplerSettings.ddim(10)
        }) {
            assertEquals(0, divergedDraws(1f, s), s.describe());
        }
    }

    @Test
    void deterministicDdimDivergesOnAModelThatMissesAFifthOfTheNoiseWhileTheDefaultDoesNot() {
        // The probability-flow ODE amplifies the model's error: spreads of about 7 (100 steps) and 6
        // (10 steps) training variances, every patient flagged. The stochastic samplers re-inject
        // noise every step and stay below 2.5 with the same model.
        assertEquals(400, divergedDraws(0.8f, SamplerSettings.ddim(100)));
        assertEquals(400, divergedDraws(0.8f, SamplerSettings.ddim(10)));
        assertEquals(0, divergedDraws(0.8f, SamplerSettings.DEFAULT));
        assertEquals(0, divergedDraws(0.8f, SamplerSettings.ddpm()));
        // A model that predicts no noise at all blows up whatever the sampler.
        assertEquals(400, divergedDraws(0f, SamplerSettings.DEFAULT));
    }
}
