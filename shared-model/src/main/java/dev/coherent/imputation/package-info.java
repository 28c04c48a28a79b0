/** Imputing missing modalities of patients with a model set: requests, validation, batching by gap pattern, summaries. */
package dev.coherent.imputation;
