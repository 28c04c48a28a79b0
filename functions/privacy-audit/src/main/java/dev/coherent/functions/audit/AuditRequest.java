package dev.coherent.functions.audit;

import java.util.List;

/**
 * Body of {@code POST /v1/audits}; every field is optional and falls back to
 * {@code coherent.defaults.*}.
 *
 * @param methods the generators to audit: {@code coherent}, {@code multi}, {@code linear}
 * @param samples unconditional samples per target and method
 * @param k neighbours of the k-NN manifolds
 * @param sampler {@code ddim} (the default) or {@code ddpm}
 * @param steps DDIM steps (DDPM always runs the whole schedule)
 * @param eta DDIM stochasticity, 0 to 1 (the default)
 * @param version the model set version (or manifest sha256) the caller means; refused when another set is served
 */
public record AuditRequest(
        List<String> methods,
        Integer samples,
        Integer k,
        Long seed,
        String sampler,
        Integer steps,
        Double eta,
        String version) {}
