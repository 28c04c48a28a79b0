/**
 * Per-modality encoders that turn preprocessed omics features into the low-dimensional codes the
 * denoisers work on, and decoders that map codes back: the reference's autoencoder (trained here
 * with TensorFlow, early stopping on validation), PCA for precomputed embeddings, their SavedModel
 * export, and encoding whole raw cohorts into codes.
 */
package dev.coherent.autoencoder;
