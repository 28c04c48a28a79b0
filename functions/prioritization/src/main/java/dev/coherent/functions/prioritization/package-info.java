/**
 * The prioritization function: REST, S3-upload (Lambda) and health adapters over the shared-model counterfactual scores, ranking which patients to measure a missing modality for first.
 */
package dev.coherent.functions.prioritization;
