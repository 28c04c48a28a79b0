/**
 * What every Coherent Quarkus function shares: the model-set lifecycle and its health checks, problem+json errors, request
 * body limits and strict JSON vectors, and idempotent processing of objects uploaded to S3.
 */
package dev.coherent.functions.common;
