package dev.coherent.functions.imputation;

import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.modelset.ModelSetLease;
import dev.coherent.functions.common.modelset.ModelSetService;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModalityInfo;
import dev.coherent.modelset.ModelEntry;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ValidationScore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code GET /v1/models}: what the served set offers, with the function's defaults and limits. */
@ApplicationScoped
public class ModelsDescription {
    private final ImputationConfig config;
    private final FunctionConfig common;
    private final ModelSetService modelSets;
    private final ImputationService imputation;

    public ModelsDescription(
            ImputationConfig config, FunctionConfig common, ModelSetService modelSets, ImputationService imputation) {
        this.config = config;
        this.common = common;
        this.modelSets = modelSets;
        this.imputation = imputation;
    }

    /** Answers {@code GET /v1/models}: the served set, and the loaded versions. */
    public ModelsResponse describe() {
        try (ModelSetLease lease = modelSets.lease()) {
            return describe(lease.set());
        }
    }

    private ModelsResponse describe(ModelSet set) {
        var m = set.manifest();
        List<ModelsResponse.Modality> modalities = new ArrayList<>();
        for (ModalityInfo info : m.modalities()) {
            modalities.add(new ModelsResponse.Modality(info.name(), info.dim(), info.present()));
        }
        List<ModelsResponse.Target> targets = new ArrayList<>();
        for (String target : set.modalities()) {
            List<String> others =
                    set.modalities().stream().filter(x -> !x.equals(target)).toList();
            List<String> methods = new ArrayList<>(set.availableMethods(target, others).stream()
                    .map(ImputationMethod::label)
                    .toList());
            if (!methods.isEmpty()) {
                methods.add(ImputationMethod.AUTO.label());
            }
            List<ModelsResponse.Score> scores = new ArrayList<>();
            if (m.validation() != null) {
                for (ValidationScore s : m.validation()) {
                    if (s.target().equals(target)) {
                        scores.add(new ModelsResponse.Score(s.conditions(), s.method(), s.mse()));
                    }
                }
            }
            targets.add(new ModelsResponse.Target(target, methods, scores));
        }
        List<ModelsResponse.Model> entries = new ArrayList<>();
        for (ModelEntry e : set.models()) {
            entries.add(new ModelsResponse.Model(
                    e.name(),
                    e.role().toLowerCase(Locale.ROOT),
                    e.target(),
                    e.conditions(),
                    e.validationMse(),
                    e.parameters()));
        }
        SamplerSettings sampler = imputation.defaultSampler(set);
        ImputationConfig.Defaults d = config.defaults();
        ImputationConfig.Limits l = config.limits();
        return new ModelsResponse(
                new ModelsResponse.ModelSetSummary(
                        set.version(),
                        set.sha256(),
                        m.createdAt(),
                        m.cohort(),
                        m.schedule(),
                        m.training(),
                        m.provenance()),
                modalities,
                targets,
                entries,
                new ModelsResponse.Defaults(
                        d.method(),
                        sampler.kind().label(),
                        sampler.steps(),
                        sampler.eta(),
                        sampler.variance().label(),
                        d.draws(),
                        d.interval()),
                new ModelsResponse.Limits(
                        l.maxPatients(),
                        l.maxDraws(),
                        l.maxSteps(),
                        common.limits().maxBodySize().asLongValue()),
                config.privacy().allowUnconditional(),
                modelSets.versions());
    }
}
