package dev.coherent.functions.imputation;

import dev.coherent.CoherentException;
import dev.coherent.diffusion.SamplerKind;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.metrics.CoherentMetrics;
import dev.coherent.functions.common.metrics.CoherentMetrics.Answer;
import dev.coherent.functions.common.modelset.ModelSetLease;
import dev.coherent.functions.common.modelset.ModelSetService;
import dev.coherent.functions.common.modelset.ModelSetWarmUp;
import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.functions.common.request.PatientRequests;
import dev.coherent.functions.common.request.SamplerRequests;
import dev.coherent.imputation.ImputationRequest;
import dev.coherent.imputation.ImputationResult;
import dev.coherent.imputation.ImputedModality;
import dev.coherent.imputation.Imputer;
import dev.coherent.imputation.OutOfDistribution;
import dev.coherent.imputation.PatientImputation;
import dev.coherent.imputation.PatientInput;
import dev.coherent.imputation.RawImputationRequest;
import dev.coherent.imputation.RawImputationResult;
import dev.coherent.imputation.RawImputer;
import dev.coherent.imputation.RawPatientImputation;
import dev.coherent.imputation.RawPatientInput;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModalityInfo;
import dev.coherent.modelset.ModelSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers imputation requests ({@code /v1/impute}, and the Open Inference Protocol's infer through
 * it) with the served model set; uploaded tables go through {@link UploadedTables}.
 *
 * <p>{@link ModelSetService} (functions-common) loads and verifies the set at startup and calls
 * {@link #warmUp} once before serving it; every request waits for it through
 * a lease ({@link ModelSetService#lease()}), which answers 503 while it loads or when it failed.
 */
@ApplicationScoped
public class ImputationService implements ModelSetWarmUp {
    private static final SecureRandom SEEDS = new SecureRandom();
    /** Why a patient with nothing observed is refused ({@link PatientRequests#nothingObserved}). */
    static final String UNCONDITIONAL = "imputing it would be unconditional generation";

    static final String SPACE_LATENT = "latent";
    static final String SPACE_RAW = "raw";
    static final String OOD_FLAG = "flag";
    static final String OOD_REFUSE = "refuse";

    private final ImputationConfig config;
    private final FunctionConfig common;
    private final ModelSetService modelSets;
    private final BatchingSampler batching;
    private final CoherentMetrics metrics;

    public ImputationService(
            ImputationConfig config,
            FunctionConfig common,
            ModelSetService modelSets,
            BatchingSampler batching,
            CoherentMetrics metrics) {
        this.config = config;
        this.common = common;
        this.modelSets = modelSets;
        this.batching = batching;
        this.metrics = metrics;
        if (!List.of(OOD_FLAG, OOD_REFUSE).contains(config.ood().policy())) {
            throw new IllegalArgumentException("coherent.ood.policy must be " + OOD_FLAG + " or " + OOD_REFUSE
                    + ", got '" + config.ood().policy() + "'");
        }
    }

    /**
     * One imputation of every other modality from the first one at its training mean, with the
     * default sampler kind; a DDIM default runs one step instead of all of them, which runs the same
     * graphs (a request with other gaps builds its own TensorFlow executors anyway) at a fraction of
     * the cold start's cost.
     */
    @Override
    public void warmUp(ModelSet set) {
        ModalityInfo first = set.manifest().modalities().get(0);
        float[] mean = new float[first.dim()];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) first.mean()[i];
        }
        ImputationResult r = new Imputer(set)
                .impute(new ImputationRequest(
                        List.of(new PatientInput("warm-up", Map.of(first.name(), mean))),
                        List.of(),
                        ImputationMethod.AUTO,
                        1,
                        0,
                        config.defaults().interval(),
                        warmUpSampler(set),
                        false));
        for (ImputedModality m : r.patients().get(0).imputed().values()) {
            for (float v : m.mean()) {
                if (!Float.isFinite(v)) {
                    throw new CoherentException("warm-up imputation gave non-finite values");
                }
            }
        }
    }

    /** The sampler a request that leaves every sampler field out gets. */
    SamplerSettings defaultSampler(ModelSet set) {
        return sampler(set, null, null, null, null);
    }

    private SamplerSettings warmUpSampler(ModelSet set) {
        boolean ddim = SamplerKind.parse(config.defaults().sampler()) == SamplerKind.DDIM;
        return sampler(set, null, ddim ? 1 : null, null, null);
    }

    /** Answers {@code POST /v1/impute}. */
    public ImputeResponse impute(ImputeRequest body) {
        return impute(body, "impute");
    }

    /** Answers an imputation request that came by {@code route} (a metrics tag: impute, infer). */
    ImputeResponse impute(ImputeRequest body, String route) {
        if (body == null) {
            throw new ProblemException(
                    CommonProblemType.MALFORMED_JSON,
                    "the request body is empty; send a JSON object with a \"patients\" array");
        }
        List<ImputeRequest.Patient> patients = body.patients();
        if (patients == null || patients.isEmpty()) {
            throw invalid("no patients in the request: \"patients\" must be a non-empty array");
        }
        int max = config.limits().maxPatients();
        if (patients.size() > max) {
            throw new ProblemException(
                    CommonProblemType.TOO_MANY_PATIENTS,
                    patients.size() + " patients in one request; the limit is " + max + ": split the request");
        }
        try (ModelSetLease lease = modelSets.lease(body.modelVersion())) {
            return impute(lease.set(), body, route);
        }
    }

    /** Answers a request whose size has been checked, with the set it leased. */
    private ImputeResponse impute(ModelSet set, ImputeRequest body, String route) {
        List<ImputeRequest.Patient> patients = body.patients();
        ImputationMethod method =
                ImputationMethod.parse(orElse(body.method(), config.defaults().method()));
        int draws = body.draws() != null ? body.draws() : config.defaults().draws();
        if (draws < 1 || draws > config.limits().maxDraws()) {
            throw invalid("draws must be between 1 and " + config.limits().maxDraws() + ", got " + draws);
        }
        SamplerSettings sampler = sampler(set, body.sampler(), body.steps(), body.eta(), body.variance());
        double interval =
                body.interval() != null ? body.interval() : config.defaults().interval();
        long seed = body.seed() != null ? body.seed() : SEEDS.nextLong() >>> 12;
        List<String> targets = body.targets() == null ? List.of() : body.targets();
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i) == null) {
                throw invalid("targets[" + i + "] is null; expected a modality name");
            }
        }
        String space = orElse(body.space(), SPACE_LATENT);
        if (!space.equals(SPACE_LATENT) && !space.equals(SPACE_RAW)) {
            throw invalid("space must be latent or raw, got '" + space + "'");
        }
        if (space.equals(SPACE_RAW)) {
            return imputeRaw(
                    set,
                    patients,
                    targets,
                    method,
                    draws,
                    seed,
                    interval,
                    sampler,
                    Boolean.TRUE.equals(body.latent()),
                    route);
        }
        if (body.latent() != null) {
            throw invalid("latent: only applies to \"space\": \"raw\" (latent answers are codes already)");
        }
        List<PatientInput> inputs = new ArrayList<>(patients.size());
        for (int i = 0; i < patients.size(); i++) {
            inputs.add(
                    RequestPatients.latent(i, patients.get(i), config.privacy().allowUnconditional()));
        }
        // Concurrent requests share denoising steps (coherent.batching.*).
        ImputationResult result = new Imputer(set, batching.rowSampler(set))
                .impute(new ImputationRequest(inputs, targets, method, draws, seed, interval, sampler, false));
        metrics.answered(route, result.patients().stream().map(Answer::of).reduce(Answer.NONE, Answer::plus));
        List<ImputeResponse.Patient> out = new ArrayList<>(result.patients().size());
        for (PatientImputation p : result.patients()) {
            refuseIfOutOfDistribution(p.id(), p.ood());
            Map<String, ImputeResponse.Imputed> imputed = new LinkedHashMap<>();
            p.imputed().forEach((m, v) -> imputed.put(m, imputed(null, v)));
            out.add(new ImputeResponse.Patient(p.id(), imputed, ImputeResponse.Ood.of(p.ood())));
        }
        return new ImputeResponse(
                new ImputeResponse.ModelSetRef(result.modelSetVersion(), result.modelSetSha256()),
                SPACE_LATENT,
                result.seed(),
                sampler.kind().label(),
                sampler.steps(),
                sampler.eta(),
                sampler.variance().label(),
                interval,
                out);
    }

    /** Raw named features in, every imputed draw decoded; the engine checks names against the model set. */
    private ImputeResponse imputeRaw(
            ModelSet set,
            List<ImputeRequest.Patient> patients,
            List<String> targets,
            ImputationMethod method,
            int draws,
            long seed,
            double interval,
            SamplerSettings sampler,
            boolean latent,
            String route) {
        if (!set.hasEncoders()) {
            throw invalid("space raw: model set " + set.version() + " was trained on embeddings and has no encoders;"
                    + " send \"modalities\" as code vectors (space latent)");
        }
        List<RawPatientInput> inputs = new ArrayList<>(patients.size());
        for (int i = 0; i < patients.size(); i++) {
            inputs.add(RequestPatients.raw(i, patients.get(i), config.privacy().allowUnconditional()));
        }
        RawImputationResult result = new RawImputer(set)
                .impute(new RawImputationRequest(
                        inputs, targets, method, draws, seed, interval, sampler, false, latent));
        metrics.answered(route, result.patients().stream().map(Answer::of).reduce(Answer.NONE, Answer::plus));
        List<ImputeResponse.Patient> out = new ArrayList<>(result.patients().size());
        for (RawPatientImputation p : result.patients()) {
            refuseIfOutOfDistribution(p.id(), p.ood());
            Map<String, ImputeResponse.Imputed> imputed = new LinkedHashMap<>();
            // Decoded features' intervals are the draws' quantiles: the calibration is of codes.
            p.imputed()
                    .forEach((m, v) -> imputed.put(
                            m,
                            new ImputeResponse.Imputed(
                                    v.features(),
                                    v.mean(),
                                    v.std(),
                                    v.lower(),
                                    v.upper(),
                                    false,
                                    v.method(),
                                    v.draws(),
                                    v.rejected(),
                                    v.diverged(),
                                    v.latent() == null ? null : imputed(null, v.latent()))));
            out.add(new ImputeResponse.Patient(p.id(), imputed, ImputeResponse.Ood.of(p.ood())));
        }
        return new ImputeResponse(
                new ImputeResponse.ModelSetRef(result.modelSetVersion(), result.modelSetSha256()),
                SPACE_RAW,
                result.seed(),
                sampler.kind().label(),
                sampler.steps(),
                sampler.eta(),
                sampler.variance().label(),
                interval,
                out);
    }

    /** Under {@code coherent.ood.policy=refuse}, a flagged patient is a 422 naming it and the modality. */
    private void refuseIfOutOfDistribution(String id, OutOfDistribution ood) {
        if (ood != null && ood.flagged() && config.ood().policy().equals(OOD_REFUSE)) {
            throw new ProblemException(
                    ImputationProblemType.OUT_OF_DISTRIBUTION,
                    String.format(
                            java.util.Locale.ROOT,
                            "patient '%s': modality '%s' is unlike the training data (score %.2f, threshold %.2f: beyond the"
                                    + " 99th percentile of held-out training patients); check its units, scaling and encoder",
                            id,
                            ood.modality(),
                            ood.score(),
                            ood.threshold()));
        }
    }

    private static ImputeResponse.Imputed imputed(List<String> features, ImputedModality v) {
        return new ImputeResponse.Imputed(
                features,
                v.mean(),
                v.std(),
                v.lower(),
                v.upper(),
                v.calibrated(),
                v.method(),
                v.draws(),
                v.rejected(),
                v.diverged(),
                null);
    }

    /** The sampler for a request: the defaults for what it leaves out, checked against the limits. */
    private SamplerSettings sampler(ModelSet set, String name, Integer steps, Double eta, String variance) {
        ImputationConfig.Defaults d = config.defaults();
        return SamplerRequests.settings(
                set, name, steps, eta, variance, d, config.limits().maxSteps());
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(CommonProblemType.INVALID_REQUEST, detail);
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
