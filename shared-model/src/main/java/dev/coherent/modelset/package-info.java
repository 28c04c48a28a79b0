/**
 * Model sets: every denoiser trained on one cohort, with its scalers and manifests; training a set,
 * exporting it, loading and verifying it ({@code ModelSetLoader}), planning which models answer a
 * query from the manifest alone ({@code QueryPlanner}), and carrying out those plans
 * ({@code PlanSampler}).
 */
package dev.coherent.modelset;
