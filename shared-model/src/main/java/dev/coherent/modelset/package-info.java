/**
 * Model sets: every denoiser trained on one cohort, with its scalers and manifests; training a set,
 * exporting it, loading and verifying it, and planning which models answer a query.
 */
package dev.coherent.modelset;
