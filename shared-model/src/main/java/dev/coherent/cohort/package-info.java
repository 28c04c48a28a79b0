/**
 * Cohorts: patients, their modalities with per-patient presence, splits, scaling and file formats.
 *
 * <p>{@link dev.coherent.cohort.CohortReader} reads sample-major and UCSC Xena cohort folders,
 * {@link dev.coherent.cohort.CohortSplitter} assigns the paper's stratified split, and
 * {@link dev.coherent.cohort.WideTableReader} and {@link dev.coherent.cohort.WideTableWriter} stream
 * the one-row-per-patient tables used for imputation input and output.
 */
package dev.coherent.cohort;
