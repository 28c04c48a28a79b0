/**
 * Privacy audit of a model set: does unconditional generation regenerate the training manifold, and
 * do imputations or per-record losses single out training patients?
 */
package dev.coherent.audit;
