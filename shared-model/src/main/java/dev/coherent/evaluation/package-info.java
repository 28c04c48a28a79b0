/** Evaluation of a model set on a cohort's test split against the oracle and a linear baseline. */
package dev.coherent.evaluation;
