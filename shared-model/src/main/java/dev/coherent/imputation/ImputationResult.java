package dev.coherent.imputation;

import java.util.List;

/** The answer to an {@link ImputationRequest}: which model set, which seed, one entry per patient in request order. */
public record ImputationResult(
        String modelSetVersion, String modelSetSha256, long seed, List<PatientImputation> patients) {}
