/**
 * Turns raw omics matrices into model-ready features: the recipes of the reference (log2 CPM with
 * the CPM filter, copy-number log ratios, calls, RPPA median centering), the missing-fraction
 * filter and KNN or median imputation, all fitted on the training split and declared per modality
 * in a cohort's {@code cohort.json}.
 */
package dev.coherent.preprocess;
