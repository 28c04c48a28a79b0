package dev.coherent.modelset;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.FeatureScaler;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.NoiseSchedule;
import dev.coherent.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The manifest {@link ModelSetTrainer} starts a set with: cohort, scalers, schedule, config, provenance. */
final class TrainingManifest {
    private TrainingManifest() {}

    /** The manifest of a freshly trained set: no validation scores, files or extras yet. */
    static ModelSetManifest draft(
            Cohort cohort,
            StandardizedCohort data,
            List<ModelEntry> entries,
            ModelSetTrainer.Options options,
            NoiseSchedule schedule) {
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
        Map<String, Object> training = Json.MAPPER.convertValue(options.config(), Map.class);
        training.put("roles", options.roles().stream().map(DenoiserRole::label).toList());
        Instant now = Instant.now();
        String version = options.version() != null
                ? options.version()
                : DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(now);
        return new ModelSetManifest(
                ModelSetManifest.FORMAT,
                version,
                now.toString(),
                CohortInfo.of(cohort),
                modalities,
                ScheduleInfo.of(schedule),
                training,
                entries,
                List.of(),
                provenance(),
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
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
}
