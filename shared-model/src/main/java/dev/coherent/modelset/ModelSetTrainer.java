package dev.coherent.modelset;

import dev.coherent.CoherentException;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortSplitter;
import dev.coherent.cohort.Cohorts;
import dev.coherent.cohort.FeatureScaler;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.Centering;
import dev.coherent.diffusion.DenoiserData;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.DenoiserSavedModel;
import dev.coherent.diffusion.DenoiserSpec;
import dev.coherent.diffusion.DenoiserTrainer;
import dev.coherent.diffusion.DenoiserWeights;
import dev.coherent.diffusion.DiffusionSampler;
import dev.coherent.diffusion.NoiseSchedule;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.TrainedDenoiser;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.json.Json;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.linear.RidgeRegression;
import dev.coherent.random.Seeds;
import dev.coherent.store.Digests;
import dev.coherent.store.ModelSetLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a whole model set on a cohort: one single-condition denoiser per ordered modality pair,
 * one masked multi-condition denoiser per target and one linear-Gaussian model per target and
 * condition set (none included); then scores every (target, condition set, method) on validation,
 * records the method {@code auto} answers each query with, and exports SavedModels with manifests.
 */
public final class ModelSetTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSetTrainer.class);
    /** Draws per validation patient when scoring methods for {@code auto}. */
    static final int VALIDATION_DRAWS = 4;
    /**
     * {@link Options#calibrationFolds()} that picks the calibration from the cohort: cross-fitted in
     * {@link IntervalCalibrator#FOLDS} folds when some diffusion query has fewer than
     * {@link IntervalCalibrator#SPLIT_PATIENTS} validation patients, on the validation patients otherwise.
     */
    public static final int AUTO_CALIBRATION_FOLDS = -1;
    /**
     * @param roles which denoisers to train
     * @param parallelism models trained side by side (each on its own TensorFlow session)
     * @param version model set version; {@code null} for a UTC timestamp
     * @param calibrationFolds 0 or 1: the diffusion methods' intervals are calibrated on the
     *     validation patients; k ≥ 2: cross-fitted on every training and validation patient, which
     *     trains k more sets ({@link CrossFitCalibration}); {@link #AUTO_CALIBRATION_FOLDS}: whichever
     *     of the two the validation split is large enough for
     */
    public record Options(TrainingConfig config, Set<DenoiserRole> roles, int parallelism, String version,
            int calibrationFolds) {
        public Options {
            roles = roles.isEmpty() ? EnumSet.allOf(DenoiserRole.class) : EnumSet.copyOf(roles);
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1");
            }
            if (calibrationFolds < 0 && calibrationFolds != AUTO_CALIBRATION_FOLDS) {
                throw new IllegalArgumentException("calibration folds must be at least 0, or auto");
            }
        }

        /** Options calibrating on the validation patients. */
        public Options(TrainingConfig config, Set<DenoiserRole> roles, int parallelism, String version) {
            this(config, roles, parallelism, version, 0);
        }

        public Options withCalibrationFolds(int folds) {
            return new Options(config, roles, parallelism, version, folds);
        }
    }

    /** The trained set, in memory, ready to export. */
    public record TrainedModelSet(ModelSetManifest manifest, Map<String, DenoiserWeights> weights,
            List<LinearGaussian> linear) {
        public TrainedModelSet withManifest(ModelSetManifest newManifest) {
            return new TrainedModelSet(newManifest, weights, linear);
        }
    }

    private final Options options;
    private final NoiseSchedule schedule = NoiseSchedule.standard();

    public ModelSetTrainer(Options options) {
        this.options = options;
    }

    /** The denoisers a cohort's modalities call for. */
    public List<DenoiserSpec> specs(Cohort cohort) {
        List<DenoiserSpec> specs = new ArrayList<>();
        List<String> names = cohort.modalityNames();
        for (String target : names) {
            int dim = cohort.modality(target).dim();
            List<String> others = names.stream().filter(n -> !n.equals(target)).toList();
            if (options.roles().contains(DenoiserRole.SINGLE)) {
                for (String c : others) {
                    specs.add(new DenoiserSpec(DenoiserSpec.singleName(target, c), DenoiserRole.SINGLE, target, dim,
                            List.of(c), List.of(cohort.modality(c).dim()), options.config().network()));
                }
            }
            if (options.roles().contains(DenoiserRole.MULTI)) {
                specs.add(new DenoiserSpec(DenoiserSpec.multiName(target), DenoiserRole.MULTI, target, dim, others,
                        others.stream().map(c -> cohort.modality(c).dim()).toList(), options.config().network()));
            }
        }
        return specs;
    }

    /** Assigns the paper's split when the cohort has none. */
    public Cohort withSplit(Cohort cohort) {
        return cohort.hasSplits() ? cohort : cohort.withSplits(CohortSplitter.paperSplit(cohort, options.config().seed()));
    }

    /** Trains every denoiser and scores the methods on validation. */
    public TrainedModelSet train(Cohort input, TrainingListener listener) {
        return train(input, listener, false);
    }

    /**
     * As {@link #train(Cohort, TrainingListener)}.
     *
     * @param codes whether the cohort holds an encoder's codes, whose variances say how much of a
     *     modality each code carries (principal components); the linear models then penalize codes
     *     in their own scale, like ridge on the features they encode, instead of standardized
     */
    TrainedModelSet train(Cohort input, TrainingListener listener, boolean codes) {
        return train(input, listener, codes, true);
    }

    /** As {@link #train(Cohort, TrainingListener, boolean)}; {@code intervals}: calibrate the intervals (not for folds). */
    TrainedModelSet train(Cohort input, TrainingListener listener, boolean codes, boolean intervals) {
        TrainingPlan plan = plan(input, codes);
        return assemble(plan, trainDenoisers(plan, plan.specs(), listener), listener, intervals);
    }

    /**
     * What every part of one training run shares, computed the same way by a whole run, by each
     * shard and by {@code assemble}: the split cohort, its standardization, the denoisers that have
     * enough patients, the linear models (cheap, and every residual denoiser needs their centers),
     * each denoiser's center, and whether the cohort holds an encoder's codes.
     */
    public record TrainingPlan(Cohort cohort, StandardizedCohort data, List<DenoiserSpec> specs,
            List<LinearGaussian.Fitted> linear, Map<String, Centering> centering, boolean codes) {}

    /** The plan of a run on a cohort of embeddings (see {@link TrainingPlan}). */
    public TrainingPlan plan(Cohort input) {
        return plan(input, false);
    }

    private TrainingPlan plan(Cohort input, boolean codes) {
        if (input.modalityNames().size() < 2) {
            throw new CoherentException("a model set needs at least two modalities; the cohort has "
                    + input.modalityNames());
        }
        Cohort cohort = withSplit(input);
        StandardizedCohort data = new StandardizedCohort(cohort);
        List<DenoiserSpec> specs = new ArrayList<>();
        for (DenoiserSpec spec : specs(cohort)) {
            int trainRows = data.denoiserData(spec, Split.TRAIN).rows();
            int valRows = data.denoiserData(spec, Split.VAL).rows();
            if (trainRows < 2 || valRows < 1) {
                // Real cohorts can have pairs that never co-occur; the rest of the set stays usable.
                LOG.warn("skipping {}: {} training and {} validation patients have both modalities", spec.name(),
                        trainRows, valRows);
                continue;
            }
            specs.add(spec);
        }
        if (specs.isEmpty()) {
            throw new CoherentException("no denoiser can be trained: no modality pair has enough patients");
        }
        long seed = options.config().seed();
        List<LinearGaussian.Fitted> linear = fitLinear(cohort.modalityNames(), data, codes, seed, Split.TRAIN, Split.VAL);
        Map<String, LinearGaussian> linearByKey = new LinkedHashMap<>();
        linear.forEach(f -> linearByKey.put(QueryPlanner.linearKey(f.model().target(), f.model().conditions()),
                f.model()));
        Map<String, Centering> centering = new LinkedHashMap<>();
        if (options.config().residual()) {
            for (DenoiserSpec spec : specs) {
                Centering c = LinearCenters.forDenoiser(spec,
                        (t, cs) -> linearByKey.get(QueryPlanner.linearKey(t, cs)));
                if (c == null) {
                    LOG.warn("{} learns its target itself: some condition set it sees has no linear model", spec.name());
                } else {
                    centering.put(spec.name(), c);
                }
            }
        }
        return new TrainingPlan(cohort, data, List.copyOf(specs), linear, centering, codes);
    }

    /**
     * Trains some of a plan's denoisers ({@code parallelism} side by side); each depends only on
     * the plan, the config's seed and its own name, so any subset trains to the same weights.
     */
    public Map<String, TrainedDenoiser> trainDenoisers(TrainingPlan plan, List<DenoiserSpec> specs,
            TrainingListener listener) {
        return trainAll(specs, plan.data(), plan.centering(), listener);
    }

    /**
     * The model set of a plan once every one of its denoisers is trained: the manifest, then the
     * validation scores, {@code auto}'s choices and the intervals' calibration, which need all of them.
     */
    public TrainedModelSet assemble(TrainingPlan plan, Map<String, TrainedDenoiser> trained) {
        return assemble(plan, trained, TrainingListener.NONE, true);
    }

    private TrainedModelSet assemble(TrainingPlan plan, Map<String, TrainedDenoiser> trained,
            TrainingListener listener, boolean intervals) {
        StandardizedCohort data = plan.data();
        boolean codes = plan.codes();
        long seed = options.config().seed();
        List<ModelEntry> entries = new ArrayList<>();
        Map<String, DenoiserWeights> weights = new LinkedHashMap<>();
        for (DenoiserSpec spec : plan.specs()) {
            TrainedDenoiser t = trained.get(spec.name());
            if (t == null) {
                throw new CoherentException("denoiser " + spec.name() + " is not trained");
            }
            entries.add(new ModelEntry(spec.name(), spec.role().label(), spec.target(), spec.targetDim(),
                    spec.conditions(), spec.conditionDims(), spec.network(), t.validationMse(),
                    data.denoiserData(spec, Split.TRAIN).rows(), t.epochs(), t.bestEpoch(), t.seconds(),
                    t.weights().count(), Map.of(), plan.centering().containsKey(spec.name())));
            weights.put(spec.name(), t.weights());
        }
        List<LinearGaussian.Fitted> linear = plan.linear();
        ModelSetManifest manifest = manifest(plan.cohort(), data, entries)
                .withLinear(linear.stream().map(LinearEntry::of).toList());
        List<LinearGaussian> linearModels = linear.stream().map(LinearGaussian.Fitted::model).toList();
        try (ModelSet set = ModelSet.inMemory(manifest, weights, linearModels)) {
            manifest = manifest.withValidation(validationScores(set, data));
        }
        if (intervals) {
            // Again, now that the plans carry their x̂₀ errors: calibration must draw as users will.
            try (ModelSet set = ModelSet.inMemory(manifest, weights, linearModels)) {
                manifest = manifest.withValidation(IntervalCalibrator.calibrate(set,
                        heldOutLinear(set, data, codes, seed), (t, cs, idx) -> linearOn(t, cs, data, idx, codes, seed),
                        data, seed));
            }
            int folds = IntervalCalibrator.folds(options.calibrationFolds(), manifest.validation(), data);
            if (folds >= 2) {
                manifest = manifest.withValidation(CrossFitCalibration.calibrate(
                        new ModelSetTrainer(options.withCalibrationFolds(0)), folds, plan.cohort(),
                        manifest.validation(), listener, codes, seed));
            }
        }
        return new TrainedModelSet(manifest, weights, linearModels);
    }

    /**
     * The linear models refit on the training patients alone, for which every validation patient is
     * held out: the deployed ones also saw the validation patients, whose residuals (and the centers
     * of residual denoisers) would otherwise be in-sample and calibrate the intervals too narrow.
     */
    static List<LinearGaussian> heldOutLinear(ModelSet set, StandardizedCohort data, boolean codes, long seed) {
        return fitLinear(set.modalities(), data, codes, seed, Split.TRAIN).stream().map(LinearGaussian.Fitted::model)
                .toList();
    }

    /**
     * One linear-Gaussian model per target and condition set, the empty set included, on the
     * patients of {@code splits} (training and validation for the set) that have them all; sets with too few such patients get
     * none. Its validation score is then partly in-sample, which can only favour the linear model
     * in {@code auto}'s choice (the safe side; residual denoisers share the same centers). Every
     * condition modality enters the ridge penalty with the same total variance, so that none
     * dominates by its width; within a modality, codes keep their own variance ({@code codes}) or
     * weigh the same. Codes' penalty is also chosen on their error weighted by their variance, i.e.
     * on the error of the features they encode.
     */
    static List<LinearGaussian.Fitted> fitLinear(List<String> modalities, StandardizedCohort data, boolean codes,
            long seed, Split... splits) {
        Map<String, double[]> scales = penaltyScales(modalities, data, codes);
        List<LinearGaussian.Fitted> out = new ArrayList<>();
        for (String target : modalities) {
            List<String> others = modalities.stream().filter(m -> !m.equals(target)).toList();
            List<List<String>> sets = new ArrayList<>();
            sets.add(List.of());
            sets.addAll(Subsets.nonEmpty(others));
            for (List<String> conditions : sets) {
                List<String> needed = new ArrayList<>(conditions);
                needed.add(target);
                // For the set, every patient that is not held out for testing: the penalty is chosen by
                // cross-validation inside them, and at 100-200 patients the validation share is worth its rows.
                int[] idx = java.util.Arrays.stream(splits).flatMapToInt(sp -> java.util.Arrays.stream(
                        data.having(sp, needed))).toArray();
                if (idx.length < RidgeRegression.MIN_ROWS) {
                    LOG.warn("no linear model of {} from {}: {} patients of {} have them all", target,
                            conditions, idx.length, java.util.Arrays.toString(splits));
                    continue;
                }
                out.add(fitLinear(target, conditions, data, idx, scales, codes, seed));
            }
        }
        return out;
    }

    /**
     * The linear model of one target and condition set on the patients {@code idx}, as the set fits
     * it ({@link #fitLinear(List, StandardizedCohort, boolean, long, Split...)}); {@code null} when
     * they are too few.
     */
    static LinearGaussian linearOn(String target, List<String> conditions, StandardizedCohort data, int[] idx,
            boolean codes, long seed) {
        if (idx.length < RidgeRegression.MIN_ROWS) {
            return null;
        }
        return fitLinear(target, conditions, data, idx, penaltyScales(List.copyOf(data.scalers().keySet()), data, codes),
                codes, seed).model();
    }

    private static LinearGaussian.Fitted fitLinear(String target, List<String> conditions, StandardizedCohort data,
            int[] idx, Map<String, double[]> scales, boolean codes, long seed) {
        float[][] x = new float[idx.length][];
        float[][] y = new float[idx.length][];
        for (int r = 0; r < idx.length; r++) {
            x[r] = data.concatenated(conditions, idx[r]);
            y[r] = data.row(target, idx[r]);
        }
        double[] inputScales = conditions.stream().map(scales::get).flatMapToDouble(java.util.Arrays::stream)
                .toArray();
        return LinearGaussian.fit(target, conditions, x, y, inputScales, codes ? scales.get(target) : null,
                Seeds.of(seed, "linear/" + target + "/" + conditions));
    }

    /** Per modality, the ridge penalty's scale of each input feature (see {@link #fitLinear}). */
    private static Map<String, double[]> penaltyScales(List<String> modalities, StandardizedCohort data,
            boolean codes) {
        Map<String, double[]> scales = new LinkedHashMap<>();
        for (String m : modalities) {
            double[] std = data.scalers().get(m).std();
            double[] w = new double[std.length];
            double total = 0;
            for (int j = 0; j < w.length; j++) {
                w[j] = codes ? std[j] : 1;
                total += w[j] * w[j];
            }
            for (int j = 0; j < w.length; j++) {
                w[j] /= Math.sqrt(total);
            }
            scales.put(m, w);
        }
        return scales;
    }

    private Map<String, TrainedDenoiser> trainAll(List<DenoiserSpec> specs, StandardizedCohort data,
            Map<String, Centering> centering, TrainingListener listener) {
        Map<String, TrainedDenoiser> out = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism());
        try {
            Map<String, Future<TrainedDenoiser>> futures = new LinkedHashMap<>();
            // Several sessions side by side share the cores; one session per model then uses one thread.
            int threads = options.parallelism() > 1 ? 1 : 0;
            for (DenoiserSpec spec : specs) {
                futures.put(spec.name(), pool.submit(() -> {
                    try (DenoiserTrainer trainer = new DenoiserTrainer(spec, options.config(), schedule, threads,
                            centering.get(spec.name()))) {
                        return trainer.train(data.denoiserData(spec, Split.TRAIN), data.denoiserData(spec, Split.VAL),
                                listener);
                    }
                }));
            }
            for (Map.Entry<String, Future<TrainedDenoiser>> f : futures.entrySet()) {
                out.put(f.getKey(), f.getValue().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoherentException("training interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new CoherentException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private ModelSetManifest manifest(Cohort cohort, StandardizedCohort data, List<ModelEntry> entries) {
        List<ModalityInfo> modalities = new ArrayList<>();
        int[] train = cohort.indices(Split.TRAIN);
        for (String m : cohort.modalityNames()) {
            FeatureScaler s = data.scalers().get(m);
            int present = 0;
            for (int i : train) {
                present += data.present(m, i) ? 1 : 0;
            }
            modalities.add(ModalityInfo.of(s, cohort.modality(m).features(), present));
        }
        Map<String, Object> cohortInfo = new LinkedHashMap<>();
        cohortInfo.put("name", cohort.name());
        cohortInfo.put("fingerprint", Cohorts.fingerprint(cohort));
        cohortInfo.put("patients", cohort.size());
        for (Split s : Split.values()) {
            cohortInfo.put(s.label(), cohort.indices(s).length);
        }
        Map<String, Object> sched = new LinkedHashMap<>();
        sched.put("kind", "linear");
        sched.put("steps", schedule.steps());
        sched.put("beta_start", schedule.betaStart());
        sched.put("beta_end", schedule.betaEnd());
        Map<String, Object> training = Json.MAPPER.convertValue(options.config(), Map.class);
        training.put("roles", options.roles().stream().map(DenoiserRole::label).toList());
        Instant now = Instant.now();
        String version = options.version() != null ? options.version()
                : DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        return new ModelSetManifest(ModelSetManifest.FORMAT, version, now.toString(), cohortInfo, modalities, sched,
                training, entries, List.of(), provenance(), Map.of(), List.of(), List.of(), List.of());
    }

    private static Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("java", System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("tensorflow", org.tensorflow.TensorFlow.version());
        String engine = ModelSetTrainer.class.getPackage().getImplementationVersion();
        p.put("engine", engine == null ? "dev" : engine);
        return p;
    }

    /**
     * Scores every available method for every target and non-empty condition set on the validation
     * patients, and marks the one {@code auto} uses ({@link MethodChoice}). A diffusion method's
     * score is its posterior mean's error estimated from {@link #VALIDATION_DRAWS} draws with the
     * training config's validation sampler; each diffusion method's x̂₀ error is measured too, for
     * the analytic variance.
     */
    List<ValidationScore> validationScores(ModelSet set, StandardizedCohort data) {
        List<ValidationScore> out = new ArrayList<>();
        SamplerSettings settings = options.config().validationSampler();
        for (String target : set.modalities()) {
            List<String> others = set.modalities().stream().filter(m -> !m.equals(target)).toList();
            for (List<String> conditions : Subsets.nonEmpty(others)) {
                List<String> needed = new ArrayList<>(conditions);
                needed.add(target);
                int[] idx = data.having(Split.VAL, needed);
                if (idx.length == 0) {
                    continue;
                }
                List<ValidationScore> scores = new ArrayList<>();
                Map<ImputationMethod, double[]> errors = new LinkedHashMap<>();
                for (ImputationMethod method : set.availableMethods(target, conditions)) {
                    SamplingPlan plan = set.plan(target, conditions, method);
                    double[] perPatient = posteriorMeanErrors(set, plan, data, idx, settings);
                    errors.put(method, perPatient);
                    scores.add(new ValidationScore(target, conditions, plan.method(), MethodChoice.mean(perPatient),
                            plan.linear() ? null
                                    : ModelSetCalibration.x0Error(set, plan, data, idx, options.config().seed())));
                }
                ImputationMethod chosen = MethodChoice.choose(errors);
                scores.forEach(sc -> out.add(sc.withChosen(sc.imputationMethod() == chosen)));
            }
        }
        return out;
    }

    /**
     * Per validation patient, the squared error of the plan's posterior mean per feature: exact for
     * the linear model; for a diffusion plan, from {@link #VALIDATION_DRAWS} draws, the error of their mean less the Monte Carlo part (each
     * feature's draw variance over the number of draws), an unbiased estimate.
     */
    private double[] posteriorMeanErrors(ModelSet set, SamplingPlan plan, StandardizedCohort data, int[] idx,
            SamplerSettings settings) {
        double[] out = new double[idx.length];
        if (plan.linear()) {
            LinearGaussian model = set.linearModel(plan);
            for (int r = 0; r < idx.length; r++) {
                float[] mean = model.mean(data.concatenated(plan.conditions(), idx[r]));
                float[] truth = data.row(plan.target(), idx[r]);
                for (int j = 0; j < mean.length; j++) {
                    out[r] += (mean[j] - truth[j]) * (mean[j] - truth[j]) / mean.length;
                }
            }
            return out;
        }
        int draws = VALIDATION_DRAWS;
        List<Map<String, float[]>> rows = new ArrayList<>();
        long[] seeds = new long[idx.length * draws];
        for (int r = 0; r < idx.length; r++) {
            Map<String, float[]> row = new LinkedHashMap<>();
            for (String c : plan.conditions()) {
                row.put(c, data.row(c, idx[r]));
            }
            for (int d = 0; d < draws; d++) {
                rows.add(row);
                seeds[r * draws + d] = Seeds.mix(options.config().seed(), r * 1000L + d);
            }
        }
        DiffusionSampler.Samples s = set.sample(plan, rows, seeds, settings);
        int dim = s.dim();
        for (int r = 0; r < idx.length; r++) {
            float[] truth = data.row(plan.target(), idx[r]);
            double sum = 0;
            for (int j = 0; j < dim; j++) {
                double mean = 0;
                for (int d = 0; d < draws; d++) {
                    mean += s.values()[(r * draws + d) * dim + j];
                }
                mean /= draws;
                double spread = 0;
                for (int d = 0; d < draws; d++) {
                    double v = s.values()[(r * draws + d) * dim + j] - mean;
                    spread += v * v;
                }
                double diff = mean - truth[j];
                sum += diff * diff - spread / (draws - 1) / draws;
            }
            out[r] = sum / dim;
        }
        return out;
    }

    /**
     * Writes the model set into an empty or new folder: one SavedModel and {@code model.json} per
     * denoiser, then the manifest with the sha256 of every file.
     */
    public static ModelSetManifest export(TrainedModelSet set, Path dir) {
        return export(set, dir, (folder, manifest) -> manifest);
    }

    /** Writes more parts of a model set (such as encoders) into its folder before the manifest is sealed. */
    @FunctionalInterface
    public interface ExportExtension {
        /** Writes the parts under {@code dir} and returns the manifest that lists them. */
        ModelSetManifest write(Path dir, ModelSetManifest manifest) throws IOException;
    }

    /**
     * As {@link #export(TrainedModelSet, Path)}, letting {@code extension} add files after the
     * denoisers; the manifest's sha256 list then covers them too.
     */
    public static ModelSetManifest export(TrainedModelSet set, Path dir, ExportExtension extension) {
        try {
            if (Files.exists(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new CoherentException(dir + " is not empty; export a model set into a new folder");
                    }
                }
            }
            Files.createDirectories(dir);
            List<ModelEntry> entries = new ArrayList<>();
            for (ModelEntry e : set.manifest().models()) {
                Path modelDir = dir.resolve(ModelSetLayout.modelDir(e.name()));
                DenoiserSavedModel.export(e.spec(), set.weights().get(e.name()), modelDir);
                ModelEntry withFiles = e.withFiles(Digests.digestTree(modelDir));
                Json.MAPPER.writeValue(dir.resolve(ModelSetLayout.modelManifest(e.name())).toFile(), modelManifest(withFiles, set.manifest()));
                entries.add(withFiles);
            }
            for (LinearGaussian l : set.linear()) {
                LinearEntry.write(dir, l);
            }
            ModelSetManifest manifest = extension.write(dir, set.manifest().withModels(entries));
            manifest = manifest.withFiles(Digests.digestTree(dir, Set.of(ModelSetLayout.MANIFEST)));
            Json.MAPPER.writeValue(dir.resolve(ModelSetLayout.MANIFEST).toFile(), manifest);
            return manifest;
        } catch (IOException e) {
            throw new CoherentException("cannot write model set to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A model's own manifest: its entry plus what it needs to be used alone (schedule, scalers, data). */
    private static Map<String, Object> modelManifest(ModelEntry e, ModelSetManifest set) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", e);
        m.put("model_set_version", set.version());
        m.put("schedule", set.schedule());
        m.put("training", set.training());
        m.put("data_fingerprint", set.cohort().get("fingerprint"));
        List<ModalityInfo> scalers = new ArrayList<>();
        scalers.add(set.modality(e.target()));
        e.conditions().forEach(c -> scalers.add(set.modality(c)));
        m.put("scalers", scalers);
        m.put("signature", Map.of("name", DenoiserSavedModel.SIGNATURE, "inputs",
                List.of(DenoiserSavedModel.INPUT_X, DenoiserSavedModel.INPUT_T, DenoiserSavedModel.INPUT_CONDITIONS,
                        DenoiserSavedModel.INPUT_MASK), "output", DenoiserSavedModel.OUTPUT_EPSILON));
        return m;
    }
}
