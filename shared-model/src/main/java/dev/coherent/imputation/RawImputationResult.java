package dev.coherent.imputation;

import java.util.List;

/** The answer to a {@link RawImputationRequest}: which model set, which seed, one entry per patient in request order. */
public record RawImputationResult(
        String modelSetVersion, String modelSetSha256, long seed, List<RawPatientImputation> patients) {}
