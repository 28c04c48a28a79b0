/**
 * The imputation function: REST, S3-upload (Lambda) and health adapters over the shared-model imputation engine.
 */
package dev.coherent.functions.imputation;
