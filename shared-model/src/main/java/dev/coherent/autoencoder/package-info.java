/**
 * Per-modality encoders that turn preprocessed omics features into the low-dimensional codes the
 * denoisers work on, and decoders that map codes back: the reference's autoencoder (trained here
 * with TensorFlow, early stopping on validation), PCA for precomputed embeddings, and their
 * SavedModel export.
 */
package dev.coherent.autoencoder;
