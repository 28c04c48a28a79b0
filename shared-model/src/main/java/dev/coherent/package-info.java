/** Root of the Coherent Denoising engine: cohorts, diffusion models, metrics and the model store. */
package dev.coherent;
