package dev.coherent.modelset;

import dev.coherent.autoencoder.CohortEncoder;
import dev.coherent.autoencoder.ModalityEncoder;
import dev.coherent.classifier.Classifier;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.FeatureScaler;
import dev.coherent.diffusion.DenoiserSpec;
import dev.coherent.diffusion.DenoiserWeights;
import dev.coherent.diffusion.DiffusionSampler;
import dev.coherent.diffusion.InferenceGraph;
import dev.coherent.diffusion.NoiseSchedule;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.StepVariance;
import dev.coherent.diffusion.X0Error;
import dev.coherent.linear.FactorModel;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.store.S3Settings;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded model set: manifest, scalers, every denoiser compiled into one inference graph, the
 * linear-Gaussian models, and (when present) classifiers and encoders.
 *
 * <p>Its one job is owning these and giving access to them. {@link #load} and {@link #open} read
 * and verify a folder ({@link ModelSetLoader}); {@link #plan} asks the {@link QueryPlanner} over the
 * manifest which models answer a query; {@link #sample} and {@link #x0Error} run a plan through the
 * set's {@link PlanSampler}; {@link #modelSpace} encodes raw cohorts ({@link CohortEncoder}).
 * Thread-safe once loaded. Owns its {@link InferenceGraph}, classifiers and encoders and closes
 * them in {@link #close}; the creator closes the set.
 */
public final class ModelSet implements AutoCloseable {
    private final ModelSetManifest manifest;
    private final String sha256;
    private final Map<String, ModelEntry> models = new LinkedHashMap<>();
    private final QueryPlanner planner;
    private final InferenceGraph graph;
    private final DiffusionSampler sampler;
    private final PlanSampler planSampler;
    private final Map<String, Classifier> classifiers = new LinkedHashMap<>();
    private final Map<String, ModalityEncoder> encoders = new LinkedHashMap<>();
    /** Linear-Gaussian models by {@link QueryPlanner#linearKey}. */
    private final Map<String, LinearGaussian> linear = new LinkedHashMap<>();
    /** The factor model of the out-of-distribution score; null in sets trained before it existed. */
    private FactorModel disagreement;

    /**
     * A set of the given denoiser weights and linear models; the planner sees the linear models of
     * the manifest that are given here (an in-memory set may be handed fewer).
     */
    ModelSet(
            ModelSetManifest manifest,
            String sha256,
            Map<String, DenoiserWeights> weights,
            Collection<LinearGaussian> linearModels) {
        this.manifest = manifest;
        this.sha256 = sha256;
        for (LinearGaussian l : linearModels) {
            linear.put(QueryPlanner.linearKey(l.target(), l.conditions()), l);
        }
        Map<DenoiserSpec, DenoiserWeights> specs = new LinkedHashMap<>();
        for (ModelEntry e : manifest.models()) {
            models.put(e.name(), e);
            specs.put(e.spec(), weights.get(e.name()));
        }
        this.planner = new QueryPlanner(manifest.withLinear(manifest.linear().stream()
                .filter(e -> linear.containsKey(QueryPlanner.linearKey(e.target(), e.conditions())))
                .toList()));
        this.graph = new InferenceGraph(specs);
        this.sampler = new DiffusionSampler(schedule(manifest));
        this.planSampler = new PlanSampler(planner, graph, sampler, linear);
    }

    /** A model set built in memory (during training, before export). */
    public static ModelSet inMemory(ModelSetTrainer.TrainedModelSet trained) {
        ModelSet set = inMemory(trained.manifest(), trained.weights(), trained.linear());
        set.disagreement = trained.disagreement();
        return set;
    }

    /** A model set built from weights in memory, with the given manifest. */
    public static ModelSet inMemory(
            ModelSetManifest manifest, Map<String, DenoiserWeights> weights, Collection<LinearGaussian> linearModels) {
        return new ModelSet(manifest, "", weights, linearModels);
    }

    /**
     * A raw-cohort model set built in memory (cross-validation, before export); the set takes
     * ownership of {@code encoders} and closes them.
     */
    public static ModelSet inMemory(ModelSetTrainer.TrainedModelSet trained, Map<String, ModalityEncoder> encoders) {
        ModelSet set;
        try {
            set = inMemory(trained);
        } catch (RuntimeException e) {
            encoders.values().forEach(ModalityEncoder::close);
            throw e;
        }
        set.encoders.putAll(encoders);
        return set;
    }

    /** Opens a model set by URI ({@code file://}, a path, or {@code s3://}); S3 sets are copied under cacheDir. */
    public static ModelSet open(String uri, S3Settings s3, Path cacheDir) {
        return ModelSetLoader.open(uri, s3, cacheDir);
    }

    /** Loads and verifies a model set folder (see {@link ModelSetLoader}). */
    public static ModelSet load(Path dir) {
        return ModelSetLoader.load(dir);
    }

    /** While loading: the set takes ownership of a classifier and closes it. */
    void attachClassifier(String label, Classifier classifier) {
        classifiers.put(label, classifier);
    }

    /** While loading: the set takes ownership of an encoder and closes it. */
    void attachEncoder(String modality, ModalityEncoder encoder) {
        encoders.put(modality, encoder);
    }

    /** While loading: the factor model of the out-of-distribution score. */
    void attachDisagreement(FactorModel model) {
        disagreement = model;
    }

    /**
     * The factor model whose conditionals the out-of-distribution score tests each provided
     * modality's disagreement with ({@link FactorModel#logRatio}); empty in sets trained before it
     * existed, whose thresholds belong to their linear models.
     */
    public Optional<FactorModel> disagreement() {
        return Optional.ofNullable(disagreement);
    }

    private static NoiseSchedule schedule(ModelSetManifest m) {
        return m.schedule().toSchedule();
    }

    public ModelSetManifest manifest() {
        return manifest;
    }

    public String version() {
        return manifest.version();
    }

    /** sha256 of the manifest file (which pins every other file); empty for an in-memory set. */
    public String sha256() {
        return sha256;
    }

    public List<String> modalities() {
        return manifest.modalityNames();
    }

    /**
     * A modality of the set.
     *
     * @throws InvalidQueryException when the set has no such modality
     */
    public ModalityInfo modality(String name) {
        return planner.modality(name);
    }

    public FeatureScaler scaler(String modality) {
        return modality(modality).scaler();
    }

    public DiffusionSampler sampler() {
        return sampler;
    }

    public InferenceGraph graph() {
        return graph;
    }

    /** What carries out plans on this set's graph and linear models (the set owns what it runs). */
    public PlanSampler planSampler() {
        return planSampler;
    }

    /**
     * A plan sampler on this set's graph whose linear models (the predictions residual denoisers
     * are centered on, and the linear method) are {@code linearModels} where given, the set's elsewhere.
     */
    PlanSampler planSamplerWith(Collection<LinearGaussian> linearModels) {
        Map<String, LinearGaussian> merged = new LinkedHashMap<>(this.linear);
        for (LinearGaussian l : linearModels) {
            merged.put(QueryPlanner.linearKey(l.target(), l.conditions()), l);
        }
        return new PlanSampler(planner, graph, sampler, merged);
    }

    public Collection<ModelEntry> models() {
        return models.values();
    }

    /** Methods this set can use for a target and condition set (see {@link QueryPlanner}). */
    public List<ImputationMethod> availableMethods(String target, Collection<String> conditions) {
        return planner.availableMethods(target, conditions);
    }

    /** Chooses the models that generate {@code target} from {@code conditions} (see {@link QueryPlanner#plan}). */
    public SamplingPlan plan(String target, Collection<String> conditions, ImputationMethod method) {
        return planner.plan(target, conditions, method);
    }

    /** Whether training measured the x̂₀ errors the analytic step variance needs (sets since that version). */
    public boolean hasX0Errors() {
        return planner.hasX0Errors();
    }

    /** The linear-Gaussian model of a linear plan. */
    public LinearGaussian linearModel(SamplingPlan plan) {
        return planSampler.linearModel(plan);
    }

    /**
     * Samples one row per entry of {@code rows}, in standardized space.
     *
     * @param rows per row, the standardized value of each condition modality present
     * @param rowSeeds one seed per row (see {@link DiffusionSampler})
     */
    public DiffusionSampler.Samples sample(
            SamplingPlan plan, List<Map<String, float[]>> rows, long[] rowSeeds, SamplerSettings settings) {
        return planSampler.sample(plan, rows, rowSeeds, null, settings);
    }

    /** As {@link #sample(SamplingPlan, List, long[], SamplerSettings)} with a noise sign per row (antithetic pairs). */
    public DiffusionSampler.Samples sample(
            SamplingPlan plan,
            List<Map<String, float[]>> rows,
            long[] rowSeeds,
            float[] noiseSigns,
            SamplerSettings settings) {
        return planSampler.sample(plan, rows, rowSeeds, noiseSigns, settings);
    }

    /**
     * The plan's x̂₀ error on the given rows, measured at {@code grid} with seeded noise: what
     * {@link StepVariance#ANALYTIC} needs (see {@link PlanSampler#x0Error}).
     *
     * @param targets standardized target value of each row
     */
    public X0Error x0Error(
            SamplingPlan plan, List<Map<String, float[]>> rows, List<float[]> targets, int[] grid, long seed) {
        return planSampler.x0Error(plan, rows, targets, grid, seed);
    }

    /** The downstream classifier of a label, added with {@code coherent train-classifier}. */
    public Classifier classifier(String label) {
        Classifier c = classifiers.get(label);
        if (c == null) {
            throw new InvalidQueryException("the model set has no classifier for '" + label + "'"
                    + (classifiers.isEmpty()
                            ? " (train one with `coherent train-classifier`)"
                            : "; it has " + classifiers.keySet()));
        }
        return c;
    }

    /**
     * A cohort in this set's modality space. A set trained on embeddings returns it unchanged. A set
     * trained on a raw cohort preprocesses every modality with its stored parameters (missing cells
     * take the training medians, as at inference), encodes it, and returns a cohort of codes with
     * the same patients and splits; extra raw features are ignored (see {@link CohortEncoder}).
     *
     * @throws CohortFormatException when the cohort lacks a modality or a feature the set reads, or
     *     holds a negative count
     */
    public Cohort modelSpace(Cohort cohort) {
        if (!hasEncoders()) {
            return cohort;
        }
        return CohortEncoder.encode(
                cohort, modalities(), this::encoder, m -> modality(m).features());
    }

    /** True when the set was trained on a raw cohort: every modality has preprocessing and an encoder. */
    public boolean hasEncoders() {
        return !encoders.isEmpty();
    }

    /**
     * The preprocessing, encoder and decoder of a modality.
     *
     * @throws InvalidQueryException when the set has none (it was trained on embeddings)
     */
    public ModalityEncoder encoder(String modality) {
        modality(modality);
        ModalityEncoder e = encoders.get(modality);
        if (e == null) {
            throw new InvalidQueryException("the model set has no encoder for '" + modality + "': it was trained on "
                    + "embeddings, so it takes latent vectors (train on a raw cohort for raw features)");
        }
        return e;
    }

    @Override
    public void close() {
        encoders.values().forEach(ModalityEncoder::close);
        classifiers.values().forEach(Classifier::close);
        graph.close();
    }
}
