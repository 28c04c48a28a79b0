package dev.coherent.imputation;

import dev.coherent.autoencoder.ModalityEncoder;
import dev.coherent.metrics.RowSummary;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import dev.coherent.preprocess.Preprocessor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imputes missing modalities from raw named features with a model set trained on a raw cohort.
 *
 * <p>Per provided modality: the names are checked against the stored preprocessing (unknown,
 * duplicated or missing names fail with the patient and modality named), the values preprocessed
 * with the stored parameters, missing cells filled with the stored training medians, and the row
 * encoded. The codes go through the {@link Imputer} unchanged (same grouping, seeds and methods),
 * and every draw of an imputed code is decoded, so the mean, spread and interval are those of the
 * decoded draws in preprocessed units.
 *
 * <p>Why medians and not KNN at inference: the model set was fitted with KNN-filled training
 * rows, but KNN needs those rows at inference time, and a model set never carries patient rows
 * (it may be shared with whoever can query it). Thread-safe.
 */
public final class RawImputer {
    /** How many offending names a message lists before it only counts the rest. */
    private static final int LIST_LIMIT = 5;

    private final ModelSet models;
    private final Imputer imputer;

    /** A raw imputer drawing antithetic pairs, as {@link Imputer#Imputer(ModelSet)}. */
    public RawImputer(ModelSet models) {
        this(models, true);
    }

    /**
     * @param antithetic see {@link Imputer#Imputer(ModelSet, boolean)}
     * @throws InvalidQueryException when the model set has no encoders (it takes latent vectors)
     */
    public RawImputer(ModelSet models, boolean antithetic) {
        if (!models.hasEncoders()) {
            throw new InvalidQueryException("model set " + models.version() + " has no encoders: it was trained on "
                    + "embeddings and takes latent vectors, not raw features");
        }
        this.models = models;
        this.imputer = new Imputer(models, antithetic);
    }

    public RawImputationResult impute(RawImputationRequest request) {
        if (request.patients().isEmpty()) {
            throw new InvalidQueryException("no patients in the request");
        }
        List<RawPatientInput> patients = request.patients();
        List<Map<String, RawObservedModality>> observed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (RawPatientInput p : patients) {
            if (p.id() == null || p.id().isBlank()) {
                throw new InvalidQueryException("a patient has no id");
            }
            if (!ids.add(p.id())) {
                throw new InvalidQueryException("duplicate patient id '" + p.id() + "'");
            }
            Map<String, RawObservedModality> obs = new LinkedHashMap<>();
            for (String m : models.modalities()) {
                RawValues v = p.modalities().get(m);
                if (v != null) {
                    obs.put(m, preprocess(p.id(), m, v));
                }
            }
            for (String m : p.modalities().keySet()) {
                if (!obs.containsKey(m)) {
                    throw new InvalidQueryException("patient '" + p.id() + "': unknown modality '" + m
                            + "'; the model set has " + models.modalities());
                }
            }
            observed.add(obs);
        }
        // One encoder call per modality for the whole request.
        List<Map<String, float[]>> codes = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            codes.add(new LinkedHashMap<>());
        }
        for (String m : models.modalities()) {
            List<Integer> who = new ArrayList<>();
            List<float[]> rows = new ArrayList<>();
            for (int i = 0; i < patients.size(); i++) {
                RawObservedModality o = observed.get(i).get(m);
                if (o != null) {
                    who.add(i);
                    rows.add(o.values());
                }
            }
            if (!rows.isEmpty()) {
                float[][] z = models.encoder(m).encode(rows.toArray(float[][]::new));
                for (int k = 0; k < z.length; k++) {
                    codes.get(who.get(k)).put(m, z[k]);
                }
            }
        }
        List<PatientInput> latent = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            latent.add(new PatientInput(patients.get(i).id(), codes.get(i)));
        }
        ImputationResult result = imputer.impute(new ImputationRequest(
                latent,
                request.targets(),
                request.method(),
                request.draws(),
                request.seed(),
                request.interval(),
                request.sampler(),
                true));
        List<RawPatientImputation> out = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            PatientImputation p = result.patients().get(i);
            Map<String, RawImputedModality> imputed = new LinkedHashMap<>();
            for (Map.Entry<String, ImputedModality> e : p.imputed().entrySet()) {
                imputed.put(e.getKey(), decode(e.getKey(), e.getValue(), request));
            }
            out.add(new RawPatientImputation(p.id(), observed.get(i), imputed, p.ood()));
        }
        return new RawImputationResult(result.modelSetVersion(), result.modelSetSha256(), result.seed(), out);
    }

    /**
     * Preprocesses one provided modality with the model set's stored parameters, filling missing
     * cells with the training medians.
     *
     * @throws InvalidQueryException naming the patient and modality on unknown, duplicated or
     *     missing feature names, a length mismatch, an infinite value, a negative count or a
     *     modality without any value
     */
    public RawObservedModality preprocess(String patient, String modality, RawValues raw) {
        if (!models.modalities().contains(modality)) {
            throw new InvalidQueryException("patient '" + patient + "': unknown modality '" + modality
                    + "'; the model set has " + models.modalities());
        }
        String where = "patient '" + patient + "', modality '" + modality + "'";
        Preprocessor pre = models.encoder(modality).preprocessor();
        if (raw == null || raw.values() == null || raw.features().size() != raw.values().length) {
            throw new InvalidQueryException(
                    where + ": " + (raw == null || raw.values() == null ? 0 : raw.values().length) + " values for "
                            + (raw == null ? 0 : raw.features().size())
                            + " feature names");
        }
        Preprocessor.NameCheck check = pre.check(raw.features());
        if (!check.ok()) {
            List<String> problems = new ArrayList<>();
            if (!check.unknown().isEmpty()) {
                problems.add("unknown features " + listed(check.unknown()));
            }
            if (!check.duplicated().isEmpty()) {
                problems.add("features given twice " + listed(check.duplicated()));
            }
            if (!check.missing().isEmpty()) {
                problems.add("missing features " + listed(check.missing()));
            }
            throw new InvalidQueryException(where + ": " + String.join("; ", problems) + " (the model set reads "
                    + pre.parameters().inputFeatures().size() + " features of this modality"
                    + (pre.parameters().recipeKind() == dev.coherent.preprocess.Recipe.COUNTS
                            ? ", all of them needed for the library size)"
                            : ", " + pre.dim() + " of them needed)"));
        }
        boolean any = false;
        for (int j = 0; j < raw.values().length; j++) {
            float v = raw.values()[j];
            if (Float.isInfinite(v)) {
                throw new InvalidQueryException(
                        where + ": feature '" + raw.features().get(j) + "' is not finite");
            }
            any |= !Float.isNaN(v);
        }
        if (!any) {
            throw new InvalidQueryException(
                    where + ": every value is missing; leave the modality out if the patient lacks it");
        }
        float[] values;
        try {
            values = pre.transform(pre.align(raw.features(), raw.values()));
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException(where + ": " + e.getMessage(), e);
        }
        int filled = pre.fillWithMedians(values);
        return new RawObservedModality(pre.parameters().features(), values, filled);
    }

    private RawImputedModality decode(String modality, ImputedModality latent, RawImputationRequest request) {
        ModalityEncoder encoder = models.encoder(modality);
        float[][] decoded = encoder.decode(latent.samples());
        RowSummary s = RowSummary.of(decoded, request.interval());
        ImputedModality code = null;
        if (request.includeLatent()) {
            code = request.keepDraws()
                    ? latent
                    : new ImputedModality(
                            latent.mean(),
                            latent.std(),
                            latent.lower(),
                            latent.upper(),
                            latent.calibrated(),
                            latent.method(),
                            latent.draws(),
                            latent.rejected(),
                            latent.diverged(),
                            null);
        }
        return new RawImputedModality(
                encoder.preprocessor().parameters().features(),
                s.mean(),
                s.std(),
                s.lower(),
                s.upper(),
                latent.method(),
                latent.draws(),
                latent.rejected(),
                latent.diverged(),
                request.keepDraws() ? decoded : null,
                code);
    }

    private static String listed(List<String> names) {
        List<String> shown = names.subList(0, Math.min(LIST_LIMIT, names.size())).stream()
                .map(n -> "'" + n + "'")
                .toList();
        return String.join(", ", shown)
                + (names.size() > LIST_LIMIT ? " and " + (names.size() - LIST_LIMIT) + " more" : "");
    }
}
