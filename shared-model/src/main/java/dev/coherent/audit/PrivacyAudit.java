package dev.coherent.audit;

import dev.coherent.autoencoder.PrincipalComponents;
import dev.coherent.diffusion.DiffusionSampler;
import dev.coherent.imputation.ImputationRequest;
import dev.coherent.imputation.Imputer;
import dev.coherent.metrics.Distances;
import dev.coherent.metrics.Manifolds;
import dev.coherent.metrics.Regressions;
import dev.coherent.metrics.Roc;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.SamplingPlan;
import dev.coherent.random.Seeds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Audits a model set against its audit reference, per target modality and generator.
 *
 * <p><b>Unconditional generation</b>, as the reference does it (reference-method.md §7): the
 * multi-condition model with every condition masked, or every pair model of the target given an
 * all-zero (training-mean) condition without a mask, combined as a Coherent Denoising ensemble. The
 * generations are compared with the training records: k-NN manifold precision, recall and F1
 * (Kynkänniemi et al. 2019), energy distance, and distance to closest record against training and
 * holdout records. <b>Membership inference</b>: per-record denoising loss at fixed noise levels,
 * training versus holdout records, as an AUC. <b>Conditional, record-level</b>: each patient's target
 * imputed from all their other modalities; R² on training versus holdout patients, and how much
 * closer imputations fall to training patients' own records (an AUC).
 */
public final class PrivacyAudit {
    private final ModelSet set;
    private final AuditConfig config;

    public PrivacyAudit(ModelSet set, AuditConfig config) {
        this.set = set;
        this.config = config;
    }

    /** The report of a whole audit. */
    public record Report(
            String modelSetVersion,
            String modelSetSha256,
            String createdAt,
            AuditConfig config,
            List<AuditResult> results,
            boolean pass,
            List<String> reasons) {}

    public Report run(AuditReference reference, Consumer<AuditResult> progress) {
        List<AuditResult> results = new ArrayList<>();
        for (String target : set.modalities()) {
            List<String> others =
                    set.modalities().stream().filter(m -> !m.equals(target)).toList();
            for (ImputationMethod method : config.methods()) {
                if (!set.availableMethods(target, List.of()).contains(method)) {
                    continue;
                }
                AuditResult r = audit(target, others, method, reference);
                results.add(r);
                progress.accept(r);
            }
        }
        List<String> reasons = new ArrayList<>();
        for (AuditResult r : results) {
            r.reasons().forEach(reason -> reasons.add(r.method() + " / " + r.target() + ": " + reason));
        }
        return new Report(
                set.version(), set.sha256(), Instant.now().toString(), config, results, reasons.isEmpty(), reasons);
    }

    private AuditResult audit(String target, List<String> others, ImputationMethod method, AuditReference ref) {
        float[][] train = values(AuditReference.having(ref.train(), List.of(target)), target);
        float[][] holdout = values(AuditReference.having(ref.holdout(), List.of(target)), target);
        if (train.length <= config.k() || holdout.length == 0) {
            throw new IllegalArgumentException("the audit reference has too few records with '" + target + "' (train "
                    + train.length + ", holdout " + holdout.length + ")");
        }
        SamplingPlan unconditional = set.plan(target, List.of(), method);
        float[][] generated = generate(unconditional);
        Manifolds.PrecisionRecall pr = Manifolds.precisionRecall(train, generated, config.k());
        double energy = Distances.energyDistance(generated, train);
        Distances.Dcr dcr = Distances.dcr(generated, train, holdout);

        List<String> needed = new ArrayList<>(others);
        needed.add(target);
        List<Map<String, float[]>> trainRecords = cap(AuditReference.having(ref.train(), needed));
        List<Map<String, float[]>> holdoutRecords = cap(AuditReference.having(ref.holdout(), needed));
        double miaAuc = Double.NaN;
        double r2Train = Double.NaN;
        double r2Holdout = Double.NaN;
        double ownAuc = Double.NaN;
        if (trainRecords.size() > 1 && holdoutRecords.size() > 1) {
            SamplingPlan conditional = set.plan(target, others, method);
            double[] lossTrain = DenoisingLoss.perRecord(
                    set,
                    conditional,
                    trainRecords,
                    targets(trainRecords, target),
                    config.miaSteps(),
                    Seeds.mix(config.seed(), 1));
            double[] lossHoldout = DenoisingLoss.perRecord(
                    set,
                    conditional,
                    holdoutRecords,
                    targets(holdoutRecords, target),
                    config.miaSteps(),
                    Seeds.mix(config.seed(), 2));
            // Members have lower loss: score = −loss.
            miaAuc = Roc.auc(negate(lossTrain), negate(lossHoldout));
            float[][] impTrain = impute(conditional, trainRecords, "t");
            float[][] impHoldout = impute(conditional, holdoutRecords, "h");
            float[][] truthTrain = values(trainRecords, target);
            float[][] truthHoldout = values(holdoutRecords, target);
            r2Train = Regressions.r2PerFeature(truthTrain, impTrain);
            r2Holdout = Regressions.r2PerFeature(truthHoldout, impHoldout);
            ownAuc = Roc.auc(negate(distances(impTrain, truthTrain)), negate(distances(impHoldout, truthHoldout)));
        }
        double gap = r2Train - r2Holdout;
        List<String> reasons = AuditResult.violations(
                pr.f1(), nanToHalf(miaAuc), dcr.shareCloserToTrain(), Double.isNaN(gap) ? 0 : gap, config.thresholds());
        PrincipalComponents.Plane pca = PrincipalComponents.Plane.of(train);
        return new AuditResult(
                method.label(),
                target,
                config.k(),
                generated.length,
                train.length,
                holdout.length,
                pr.precision(),
                pr.recall(),
                pr.f1(),
                energy,
                dcr.shareCloserToTrain(),
                dcr.medianToTrain(),
                dcr.medianToHoldout(),
                miaAuc,
                r2Train,
                r2Holdout,
                gap,
                ownAuc,
                reasons.isEmpty(),
                reasons,
                pca.project(train, 600),
                pca.project(generated, 600));
    }

    private float[][] generate(SamplingPlan plan) {
        List<Map<String, float[]>> rows = new ArrayList<>();
        long[] seeds = new long[config.samples()];
        for (int i = 0; i < config.samples(); i++) {
            rows.add(Map.of());
            seeds[i] = Seeds.of(config.seed(), "audit/" + plan.target() + "/" + plan.method() + "/" + i);
        }
        DiffusionSampler.Samples s = set.sample(plan, rows, seeds, config.sampler());
        float[][] out = new float[s.rows()][];
        for (int i = 0; i < s.rows(); i++) {
            out[i] = s.row(i);
        }
        return out;
    }

    private float[][] impute(SamplingPlan plan, List<Map<String, float[]>> records, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ids.add(prefix + i);
        }
        ImputationRequest request = new ImputationRequest(
                List.of(),
                List.of(),
                ImputationMethod.AUTO,
                config.conditionalDraws(),
                config.seed(),
                0.9,
                config.sampler(),
                false);
        float[][][] draws = new Imputer(set).sample(plan, records, ids, request).draws();
        float[][] mean = new float[records.size()][];
        for (int i = 0; i < records.size(); i++) {
            int dim = draws[i][0].length;
            mean[i] = new float[dim];
            for (float[] d : draws[i]) {
                for (int j = 0; j < dim; j++) {
                    mean[i][j] += d[j] / draws[i].length;
                }
            }
        }
        return mean;
    }

    private List<Map<String, float[]>> cap(List<Map<String, float[]>> records) {
        return records.size() <= config.samples() ? records : records.subList(0, config.samples());
    }

    private static float[][] values(List<Map<String, float[]>> records, String modality) {
        float[][] out = new float[records.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = records.get(i).get(modality);
        }
        return out;
    }

    private static List<float[]> targets(List<Map<String, float[]>> records, String modality) {
        return records.stream().map(r -> r.get(modality)).toList();
    }

    private static double[] distances(float[][] a, float[][] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < a[i].length; j++) {
                double d = a[i][j] - b[i][j];
                s += d * d;
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static double nanToHalf(double auc) {
        return Double.isNaN(auc) ? 0.5 : auc;
    }
}
