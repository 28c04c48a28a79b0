/**
 * Privacy audit of a model set: does unconditional generation regenerate the training manifold, and
 * do imputations or per-record denoising losses single out training patients?
 */
package dev.coherent.audit;
