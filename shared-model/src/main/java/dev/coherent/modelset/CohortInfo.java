package dev.coherent.modelset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.Cohorts;
import dev.coherent.cohort.Split;
import dev.coherent.store.MalformedModelException;

/**
 * The cohort a model set was trained on, as its manifest records it.
 *
 * @param fingerprint of the cohort as read (the raw cohort for a raw set)
 * @param train patients in the training split; {@code val} and {@code test} likewise
 * @param space {@code "raw"} for a set trained on a raw cohort through encoders; absent otherwise
 * @param latentFingerprint for a raw set, the fingerprint of the codes the denoisers learned from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CohortInfo(
        String name,
        String fingerprint,
        int patients,
        int train,
        int val,
        int test,
        String space,
        @JsonProperty("latent_fingerprint") String latentFingerprint) {
    public static final String RAW_SPACE = "raw";

    public CohortInfo {
        if (name == null || fingerprint == null) {
            throw new MalformedModelException("manifest: the cohort needs a name and a fingerprint");
        }
        if (patients < 0 || train < 0 || val < 0 || test < 0 || train + val + test != patients) {
            throw new MalformedModelException("manifest: the cohort's split sizes (" + train + " + " + val + " + "
                    + test + ") do not add up to its " + patients + " patients");
        }
    }

    /** A cohort with its splits, as a set trained on it records it. */
    public static CohortInfo of(Cohort cohort) {
        return new CohortInfo(
                cohort.name(),
                Cohorts.fingerprint(cohort),
                cohort.size(),
                cohort.indices(Split.TRAIN).length,
                cohort.indices(Split.VAL).length,
                cohort.indices(Split.TEST).length,
                null,
                null);
    }

    /** The same cohort read raw, whose codes ({@code latentFingerprint}) the denoisers learned from. */
    public CohortInfo asRaw(String rawFingerprint, String latentFingerprint) {
        return new CohortInfo(name, rawFingerprint, patients, train, val, test, RAW_SPACE, latentFingerprint);
    }
}
