/** Cohorts: patients, their modalities with per-patient presence, splits, scaling and file formats. */
package dev.coherent.cohort;
