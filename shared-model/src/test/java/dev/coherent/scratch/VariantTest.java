package dev.coherent.scratch;

import dev.coherent.cohort.*;
import dev.coherent.diffusion.*;
import dev.coherent.metrics.*;
import dev.coherent.modelset.StandardizedCohort;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantTest {
    static float[][] rows(float[] flat, int n) { float[][] o = new float[n][]; int d = flat.length / n; for (int i = 0; i < n; i++) o[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d); return o; }
    @Test
    void variant() {
        Cohort c = CohortReader.read(Path.of("../../shared/datasets/synthetic-pancancer"));
        StandardizedCohort data = new StandardizedCohort(c);
        int h = Integer.getInteger("h", 256), layers = Integer.getInteger("l", 4), ce = Integer.getInteger("ce", 32), e = Integer.getInteger("e", 128);
        float lr = Float.parseFloat(System.getProperty("lr", "1e-3"));
        TrainingConfig cfg = new TrainingConfig(new DenoiserConfig(e, h, layers, ce), 600, 128, lr, 20, 4, 50, 3, MaskingStrategy.RANDOM, 0.5f, 42);
        String target = System.getProperty("target", "rnaseq"), cond = System.getProperty("cond", "rppa");
        DenoiserSpec spec = new DenoiserSpec(target + "_from_" + cond, DenoiserRole.SINGLE, target, 32, List.of(cond), List.of(32), cfg.network());
        DenoiserData tr = data.denoiserData(spec, Split.TRAIN), va = data.denoiserData(spec, Split.VAL), te = data.denoiserData(spec, Split.TEST);
        LinearBaseline fit = LinearBaseline.fit(rows(tr.conditions(), tr.rows()), rows(tr.target(), tr.rows()));
        double ols = Regressions.r2PerFeature(rows(te.target(), te.rows()), fit.predict(rows(te.conditions(), te.rows())));
        long t0 = System.nanoTime();
        try (DenoiserTrainer t = new DenoiserTrainer(spec, cfg, NoiseSchedule.standard(), 0)) {
            TrainedDenoiser r = t.train(tr, va, TrainingListener.NONE);
            int n = te.rows(), draws = 20;
            var cond0 = te.conditioning(spec, te.presence()).repeat(draws);
            long[] seeds = new long[n * draws];
            for (int i = 0; i < seeds.length; i++) seeds[i] = i * 7919L;
            var s = new DiffusionSampler(NoiseSchedule.standard()).sample(t.predictor(), null, cond0, seeds, SamplerSettings.ddim(100).withEta(1.0));
            float[][] truth = rows(te.target(), n), mean = new float[n][32];
            for (int i = 0; i < n; i++) for (int j = 0; j < 32; j++) {
                double m = 0; for (int d = 0; d < draws; d++) m += s.values()[(i * draws + d) * 32 + j];
                mean[i][j] = (float) (m / draws);
            }
            System.out.printf("RESULT %s|%s h=%d l=%d ce=%d e=%d lr=%s ep=%d best=%d val=%.4f r2=%.4f ols=%.4f time=%.0fs%n", target, cond, h, layers, ce, e, lr, r.epochs(), r.bestEpoch(), r.validationMse(), Regressions.r2PerFeature(truth, mean), ols, (System.nanoTime() - t0) / 1e9);
        }
    }
}
