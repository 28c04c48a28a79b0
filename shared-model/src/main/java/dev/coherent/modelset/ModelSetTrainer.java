package dev.coherent.modelset;

import dev.coherent.CoherentException;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortSplitter;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.Centering;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.DenoiserSpec;
import dev.coherent.diffusion.DenoiserTrainer;
import dev.coherent.diffusion.DenoiserWeights;
import dev.coherent.diffusion.NoiseSchedule;
import dev.coherent.diffusion.TrainedDenoiser;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.linear.FactorModel;
import dev.coherent.linear.LinearGaussian;
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
    /** The patients the deployed linear models (and their out-of-distribution thresholds) are fitted on. */
    /** The patients the linear models and the factor model are fitted on. */
    static final Split[] LINEAR_SPLITS = {Split.TRAIN, Split.VAL};
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
    public record Options(
            TrainingConfig config, Set<DenoiserRole> roles, int parallelism, String version, int calibrationFolds) {
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
    /**
     * A set as training leaves it, before export.
     *
     * @param disagreement the factor model the out-of-distribution score tests disagreement with
     */
    public record TrainedModelSet(
            ModelSetManifest manifest,
            Map<String, DenoiserWeights> weights,
            List<LinearGaussian> linear,
            FactorModel disagreement) {
        public TrainedModelSet withManifest(ModelSetManifest newManifest) {
            return new TrainedModelSet(newManifest, weights, linear, disagreement);
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
                    specs.add(new DenoiserSpec(
                            DenoiserSpec.singleName(target, c),
                            DenoiserRole.SINGLE,
                            target,
                            dim,
                            List.of(c),
                            List.of(cohort.modality(c).dim()),
                            options.config().network()));
                }
            }
            if (options.roles().contains(DenoiserRole.MULTI)) {
                specs.add(new DenoiserSpec(
                        DenoiserSpec.multiName(target),
                        DenoiserRole.MULTI,
                        target,
                        dim,
                        others,
                        others.stream().map(c -> cohort.modality(c).dim()).toList(),
                        options.config().network()));
            }
        }
        return specs;
    }

    /** Assigns the paper's split when the cohort has none. */
    public Cohort withSplit(Cohort cohort) {
        return CohortSplitter.withSplits(cohort, options.config().seed());
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

    /**
     * As {@link #train(Cohort, TrainingListener, boolean)}; {@code intervals}: calibrate the intervals
     * and fit the out-of-distribution score (not for folds, which only serve the calibration).
     */
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
    public record TrainingPlan(
            Cohort cohort,
            StandardizedCohort data,
            List<DenoiserSpec> specs,
            List<LinearGaussian.Fitted> linear,
            Map<String, Centering> centering,
            boolean codes) {}

    /** The plan of a run on a cohort of embeddings (see {@link TrainingPlan}). */
    public TrainingPlan plan(Cohort input) {
        return plan(input, false);
    }

    private TrainingPlan plan(Cohort input, boolean codes) {
        if (input.modalityNames().size() < 2) {
            throw new CoherentException(
                    "a model set needs at least two modalities; the cohort has " + input.modalityNames());
        }
        Cohort cohort = withSplit(input);
        StandardizedCohort data = new StandardizedCohort(cohort);
        List<DenoiserSpec> specs = new ArrayList<>();
        for (DenoiserSpec spec : specs(cohort)) {
            int trainRows = data.denoiserData(spec, Split.TRAIN).rows();
            int valRows = data.denoiserData(spec, Split.VAL).rows();
            if (trainRows < 2 || valRows < 1) {
                // Real cohorts can have pairs that never co-occur; the rest of the set stays usable.
                LOG.warn(
                        "skipping {}: {} training and {} validation patients have both modalities",
                        spec.name(),
                        trainRows,
                        valRows);
                continue;
            }
            specs.add(spec);
        }
        if (specs.isEmpty()) {
            throw new CoherentException("no denoiser can be trained: no modality pair has enough patients");
        }
        long seed = options.config().seed();
        List<LinearGaussian.Fitted> linear =
                LinearFits.fitLinear(cohort.modalityNames(), data, codes, seed, LINEAR_SPLITS);
        Map<String, LinearGaussian> linearByKey = new LinkedHashMap<>();
        linear.forEach(f -> linearByKey.put(
                QueryPlanner.linearKey(f.model().target(), f.model().conditions()), f.model()));
        Map<String, Centering> centering = new LinkedHashMap<>();
        if (options.config().residual()) {
            for (DenoiserSpec spec : specs) {
                Centering c =
                        LinearCenters.forDenoiser(spec, (t, cs) -> linearByKey.get(QueryPlanner.linearKey(t, cs)));
                if (c == null) {
                    LOG.warn(
                            "{} learns its target itself: some condition set it sees has no linear model", spec.name());
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
    public Map<String, TrainedDenoiser> trainDenoisers(
            TrainingPlan plan, List<DenoiserSpec> specs, TrainingListener listener) {
        return trainAll(specs, plan.data(), plan.centering(), listener);
    }

    /**
     * The model set of a plan once every one of its denoisers is trained: the manifest, then the
     * validation scores, {@code auto}'s choices and the intervals' calibration, which need all of them.
     */
    public TrainedModelSet assemble(TrainingPlan plan, Map<String, TrainedDenoiser> trained) {
        return assemble(plan, trained, TrainingListener.NONE, true);
    }

    private TrainedModelSet assemble(
            TrainingPlan plan, Map<String, TrainedDenoiser> trained, TrainingListener listener, boolean intervals) {
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
            entries.add(new ModelEntry(
                    spec.name(),
                    spec.role().label(),
                    spec.target(),
                    spec.targetDim(),
                    spec.conditions(),
                    spec.conditionDims(),
                    spec.network(),
                    t.validationMse(),
                    data.denoiserData(spec, Split.TRAIN).rows(),
                    t.epochs(),
                    t.bestEpoch(),
                    t.seconds(),
                    t.weights().count(),
                    Map.of(),
                    plan.centering().containsKey(spec.name())));
            weights.put(spec.name(), t.weights());
        }
        List<LinearGaussian.Fitted> linear = plan.linear();
        LinearFits.Disagreement disagreement = intervals
                ? LinearFits.disagreement(plan.cohort().modalityNames(), data, seed, LINEAR_SPLITS)
                : new LinearFits.Disagreement(null, List.of());
        ModelSetManifest manifest = TrainingManifest.draft(plan.cohort(), data, entries, options, schedule)
                .withLinear(linear.stream().map(LinearEntry::of).toList())
                .withOutOfDistribution(disagreement.thresholds());
        List<LinearGaussian> linearModels =
                linear.stream().map(LinearGaussian.Fitted::model).toList();
        try (ModelSet set = ModelSet.inMemory(manifest, weights, linearModels)) {
            manifest = manifest.withValidation(new ValidationScoring(options.config()).scores(set, data));
        }
        if (intervals) {
            // Again, now that the plans carry their x̂₀ errors: calibration must draw as users will.
            List<IntervalCalibrator.HeldOutScores> heldOut;
            try (ModelSet set = ModelSet.inMemory(manifest, weights, linearModels)) {
                heldOut = IntervalCalibrator.measure(
                        set,
                        held -> LinearFits.linearWithout(set, data, held, codes, seed),
                        (t, cs, idx) -> LinearFits.linearOn(t, cs, data, idx, codes, seed),
                        data,
                        seed);
                manifest = manifest.withValidation(IntervalCalibrator.withTables(manifest.validation(), heldOut));
            }
            int folds = IntervalCalibrator.folds(options.calibrationFolds(), manifest.validation(), data);
            if (folds >= 2) {
                manifest = manifest.withValidation(CrossFitCalibration.calibrate(
                        new ModelSetTrainer(options.withCalibrationFolds(0)),
                        folds,
                        plan.cohort(),
                        manifest.validation(),
                        heldOut,
                        listener,
                        codes,
                        seed));
            }
        }
        return new TrainedModelSet(manifest, weights, linearModels, disagreement.model());
    }

    private Map<String, TrainedDenoiser> trainAll(
            List<DenoiserSpec> specs,
            StandardizedCohort data,
            Map<String, Centering> centering,
            TrainingListener listener) {
        Map<String, TrainedDenoiser> out = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism());
        try {
            Map<String, Future<TrainedDenoiser>> futures = new LinkedHashMap<>();
            // Several sessions side by side share the cores; one session per model then uses one thread.
            int threads = options.parallelism() > 1 ? 1 : 0;
            for (DenoiserSpec spec : specs) {
                futures.put(spec.name(), pool.submit(() -> {
                    try (DenoiserTrainer trainer = new DenoiserTrainer(
                            spec, options.config(), schedule, threads, centering.get(spec.name()))) {
                        return trainer.train(
                                data.denoiserData(spec, Split.TRAIN), data.denoiserData(spec, Split.VAL), listener);
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
}
