/**
 * Idempotent processing of tables uploaded to S3: events, staging, the answer and error objects written back.
 */
package dev.coherent.functions.common.upload;
