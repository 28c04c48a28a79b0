/** Evaluation metrics: R² variants, draw summaries, a linear baseline and generation/privacy audits. */
package dev.coherent.metrics;
