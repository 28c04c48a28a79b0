/**
 * Denoising diffusion models over modality embeddings: the noise schedule, the conditional denoiser
 * network, its training, export, and the samplers (DDPM, DDIM, Coherent Denoising).
 */
package dev.coherent.diffusion;
