package dev.coherent.diffusion;

import java.util.List;

/**
 * An ensemble whose members each denoise around their own center: member m was trained on
 * x₀ − c_m, while the sampler runs around a common center C. Since x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε,
 * the member's own noisy input is x_t + √ᾱ_t·(C − c_m) with the same ε, so it predicts the noise
 * of the common sample; the row's (C − c_m) comes in {@link Conditioning#offsets()}. Each member
 * with an offset is a session call of its own per step, so ensembles cost a little more; without
 * offsets it is the wrapped predictor's single call.
 */
public final class OffsetEnsemble implements NoisePredictor {
    private final NoisePredictor together;
    private final List<NoisePredictor> members;
    private final NoiseSchedule schedule;

    /**
     * @param together all members in one predictor, for steps without offsets
     * @param members each member alone, in the same order
     */
    public OffsetEnsemble(NoisePredictor together, List<NoisePredictor> members, NoiseSchedule schedule) {
        if (members.size() != together.members()) {
            throw new IllegalArgumentException("need one predictor per member");
        }
        this.together = together;
        this.members = List.copyOf(members);
        this.schedule = schedule;
    }

    @Override
    public int dim() {
        return together.dim();
    }

    @Override
    public int members() {
        return members.size();
    }

    @Override
    public float[][] predict(float[] x, int step, Conditioning c) {
        if (c.offsets() == null) {
            return together.predict(x, step, c);
        }
        float scale = (float) Math.sqrt(schedule.alphaBar(step));
        float[][] out = new float[members.size()][];
        for (int m = 0; m < out.length; m++) {
            float[] offset = c.offsets()[m];
            float[] shifted = x;
            if (offset != null) {
                shifted = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    shifted[i] = x[i] + scale * offset[i];
                }
            }
            out[m] = members.get(m).predict(shifted, step, c.member(m))[0];
        }
        return out;
    }
}
