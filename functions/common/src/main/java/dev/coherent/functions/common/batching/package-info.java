/**
 * Dynamic batching: concurrent calls with the same key merged into one batch call, each caller getting its own result.
 */
package dev.coherent.functions.common.batching;
