package dev.coherent.evaluation;

import dev.coherent.CoherentException;
import dev.coherent.autoencoder.AutoencoderConfig;
import dev.coherent.autoencoder.EncoderFitter;
import dev.coherent.autoencoder.ModalityEncoder;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.imputation.RawImputationRequest;
import dev.coherent.imputation.RawImputationResult;
import dev.coherent.imputation.RawImputer;
import dev.coherent.imputation.RawPatientInput;
import dev.coherent.imputation.RawValues;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.modelset.RawModelSetTrainer;
import dev.coherent.modelset.Subsets;
import dev.coherent.preprocess.PreprocessingSpec;
import dev.coherent.random.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * K-fold cross-validation over the patients of a raw cohort, scored in raw (preprocessed) space.
 *
 * <p>Patients are dealt into folds after a seeded shuffle, grouped by which modalities they have,
 * so every fold gets a similar share of each pattern. For each fold, the fold is the test split; a
 * seeded share of the other patients that have every modality is the validation split (early
 * stopping of the encoders, model selection of the denoisers); the rest is the training split.
 * Preprocessing, encoders and denoisers are fitted on that split exactly as {@code coherent train}
 * does. Then for every target and every non-empty set of other modalities, the test patients that
 * have them all are imputed from their raw conditions through {@link RawImputer}, and the imputed
 * mean is compared with the patient's own preprocessed target.
 *
 * <p>Scores are per-feature R² averaged over the features whose held-out truth varies within the
 * fold (a feature constant among a fold's test patients, common for copy-number calls, has no
 * defined R²). Next to the model, with the same truth: the <b>feature mean</b> (each feature's
 * mean over the non-test patients), <b>KNN</b> (the mean target of the k non-test patients nearest
 * on the condition modalities, each modality's standardized features weighing equally), <b>ridge</b>
 * (a multi-output ridge regression from the same standardized condition features to the target's
 * features, fitted on the non-test patients, its penalty chosen by inner cross-validation: the
 * linear model a diffusion imputation has to beat), and the <b>autoencoder ceiling</b> (the truth
 * encoded and decoded: what a perfect code would give).
 */
public final class CrossValidation {
    /**
     * @param validationShare share of the non-test patients with every modality used for validation
     * @param neighbours k of the KNN baseline
     */
    public record Options(
            int folds,
            long seed,
            ModelSetTrainer.Options training,
            AutoencoderConfig autoencoder,
            int draws,
            SamplerSettings sampler,
            ImputationMethod method,
            int neighbours,
            double validationShare) {
        public Options {
            if (folds < 2) {
                throw new IllegalArgumentException("need at least 2 folds, got " + folds);
            }
            if (draws < 1 || neighbours < 1 || !(validationShare > 0 && validationShare < 1)) {
                throw new IllegalArgumentException("invalid cross-validation options");
            }
        }
    }

    /** Scores of one fold for one target and condition set ({@code NaN} where undefined). */
    public record FoldRow(
            int fold,
            String target,
            String conditions,
            int patients,
            int features,
            double model,
            double featureMean,
            double knn,
            double ridge,
            double ceiling) {}

    /** What one fold trained on and how long it took. */
    public record FoldInfo(
            int fold, int train, int validation, int test, Map<String, Double> encoderR2, double seconds) {}

    /** Scores of one target and condition set over the folds: means (and the model's sd) over folds with a score. */
    public record Row(
            String target,
            String conditions,
            int folds,
            int patients,
            double model,
            double modelSd,
            double featureMean,
            double knn,
            double ridge,
            double ceiling) {}

    public record Result(List<FoldInfo> folds, List<FoldRow> foldRows, List<Row> rows) {}

    private final Options options;

    public CrossValidation(Options options) {
        this.options = options;
    }

    /** Runs every fold; {@code progress} receives one line per fold. */
    public Result run(Cohort raw, Map<String, PreprocessingSpec> preprocessing, Consumer<String> progress) {
        int[] fold = assignFolds(raw);
        List<FoldInfo> infos = new ArrayList<>();
        List<FoldRow> rows = new ArrayList<>();
        for (int f = 0; f < options.folds(); f++) {
            long started = System.nanoTime();
            Cohort cohort = raw.withSplits(splits(raw, fold, f));
            RawModelSetTrainer trainer = new RawModelSetTrainer(options.training(), options.autoencoder());
            RawModelSetTrainer.TrainedRawModelSet trained =
                    trainer.train(cohort, preprocessing, TrainingListener.NONE, e -> {});
            Map<String, Double> encoderR2 = new LinkedHashMap<>();
            for (EncoderFitter.FittedEncoder e : trained.encoders()) {
                encoderR2.put(e.spec().modality(), e.score().validationR2());
            }
            try (ModelSet set = RawModelSetTrainer.open(trained)) {
                rows.addAll(scoreFold(f, cohort, trained, set));
            }
            FoldInfo info = new FoldInfo(
                    f,
                    cohort.indices(Split.TRAIN).length,
                    cohort.indices(Split.VAL).length,
                    cohort.indices(Split.TEST).length,
                    encoderR2,
                    (System.nanoTime() - started) / 1e9);
            infos.add(info);
            progress.accept(String.format(
                    java.util.Locale.ROOT,
                    "fold %d/%d: %d train, %d validation, %d test patients, %.0f s",
                    f + 1,
                    options.folds(),
                    info.train(),
                    info.validation(),
                    info.test(),
                    info.seconds()));
        }
        return new Result(infos, rows, FoldScores.aggregate(rows));
    }

    /** Fold of each patient: seeded shuffle, then dealt round-robin within each modality pattern. */
    int[] assignFolds(Cohort cohort) {
        Integer[] order = new Integer[cohort.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Arrays.sort(order, Comparator.comparing(i -> pattern(cohort, i))); // stable: keeps the shuffle within a pattern
        int[] fold = new int[cohort.size()];
        for (int k = 0; k < order.length; k++) {
            fold[order[k]] = k % options.folds();
        }
        return fold;
    }

    private static String pattern(Cohort cohort, int i) {
        StringBuilder sb = new StringBuilder();
        for (ModalityMatrix m : cohort.modalities().values()) {
            sb.append(m.present(i) ? '1' : '0');
        }
        return sb.toString();
    }

    /** Test = fold f; validation = a seeded share of the other complete patients; the rest trains. */
    Split[] splits(Cohort cohort, int[] fold, int f) {
        Split[] out = new Split[cohort.size()];
        List<Integer> complete = new ArrayList<>();
        int others = 0;
        for (int i = 0; i < out.length; i++) {
            if (fold[i] == f) {
                out[i] = Split.TEST;
            } else {
                out[i] = Split.TRAIN;
                others++;
                if (cohort.complete(i)) {
                    complete.add(i);
                }
            }
        }
        SplittableRandom random = new SplittableRandom(options.seed() ^ (0x9E3779B97F4A7C15L * (f + 1)));
        int val = Math.min(complete.size() - 1, Math.max(2, (int) Math.round(options.validationShare() * others)));
        for (int k = 0; k < val; k++) {
            int pick = random.nextInt(complete.size());
            out[complete.remove(pick)] = Split.VAL;
        }
        if (val < 1) {
            throw new CoherentException(
                    "fold " + (f + 1) + ": too few patients with every modality for a validation split");
        }
        return out;
    }

    private List<FoldRow> scoreFold(int f, Cohort cohort, RawModelSetTrainer.TrainedRawModelSet trained, ModelSet set) {
        RawImputer imputer = new RawImputer(set);
        Map<String, float[][]> fitted = new LinkedHashMap<>();
        for (EncoderFitter.FittedEncoder e : trained.encoders()) {
            fitted.put(e.spec().modality(), e.preprocessed());
        }
        int[] test = cohort.indices(Split.TEST);
        List<Integer> reference = new ArrayList<>();
        for (int i = 0; i < cohort.size(); i++) {
            if (cohort.sample(i).split() != Split.TEST) {
                reference.add(i);
            }
        }
        // The truth and the model's inputs: each test patient's modalities through the inference path.
        Map<String, float[][]> observed = new LinkedHashMap<>();
        for (String m : set.modalities()) {
            float[][] rows = new float[cohort.size()][];
            ModalityMatrix matrix = cohort.modality(m);
            for (int i : test) {
                if (matrix.present(i)) {
                    rows[i] = imputer.preprocess(
                                    cohort.sample(i).id(), m, new RawValues(matrix.features(), matrix.row(i)))
                            .values();
                }
            }
            observed.put(m, rows);
        }
        List<FoldRow> out = new ArrayList<>();
        for (String target : set.modalities()) {
            List<String> others =
                    set.modalities().stream().filter(m -> !m.equals(target)).toList();
            ModalityEncoder encoder = set.encoder(target);
            for (List<String> conditions : Subsets.nonEmpty(others)) {
                List<Integer> who = new ArrayList<>();
                for (int i : test) {
                    boolean all = observed.get(target)[i] != null;
                    for (String c : conditions) {
                        all &= observed.get(c)[i] != null;
                    }
                    if (all) {
                        who.add(i);
                    }
                }
                String label = String.join("+", conditions);
                if (who.size() < 2) {
                    out.add(new FoldRow(
                            f,
                            target,
                            label,
                            who.size(),
                            0,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN));
                    continue;
                }
                float[][] truth = who.stream().map(i -> observed.get(target)[i]).toArray(float[][]::new);
                List<RawPatientInput> inputs = new ArrayList<>();
                for (int i : who) {
                    Map<String, RawValues> in = new LinkedHashMap<>();
                    for (String c : conditions) {
                        ModalityMatrix m = cohort.modality(c);
                        in.put(c, new RawValues(m.features(), m.row(i)));
                    }
                    inputs.add(new RawPatientInput(cohort.sample(i).id(), in));
                }
                RawImputationResult r = imputer.impute(new RawImputationRequest(
                        inputs,
                        List.of(target),
                        options.method(),
                        options.draws(),
                        options.seed(),
                        0.9,
                        options.sampler(),
                        false,
                        false));
                float[][] model = r.patients().stream()
                        .map(p -> p.imputed().get(target).mean())
                        .toArray(float[][]::new);
                float[][] mean = RawBaselines.featureMean(fitted.get(target), reference, truth.length);
                List<Integer> donors = RawBaselines.donors(fitted, target, conditions, reference);
                float[][] knn =
                        RawBaselines.knn(fitted, observed, target, conditions, donors, who, options.neighbours());
                float[][] ridge = RawBaselines.ridge(
                        fitted,
                        observed,
                        target,
                        conditions,
                        donors,
                        who,
                        Seeds.of(options.seed(), "ridge/" + f + "/" + target + "/" + label));
                float[][] ceiling = encoder.decode(encoder.encode(truth));
                boolean[] varying = FoldScores.varying(truth);
                out.add(new FoldRow(
                        f,
                        target,
                        label,
                        who.size(),
                        FoldScores.count(varying),
                        FoldScores.r2(truth, model, varying),
                        FoldScores.r2(truth, mean, varying),
                        FoldScores.r2(truth, knn, varying),
                        ridge == null ? Double.NaN : FoldScores.r2(truth, ridge, varying),
                        FoldScores.r2(truth, ceiling, varying)));
            }
        }
        return out;
    }
}
