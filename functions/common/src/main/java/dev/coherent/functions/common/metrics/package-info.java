/**
 * The functions' metrics: Prometheus series at {@code /q/metrics} and, on Lambda, CloudWatch
 * Embedded Metric Format log lines.
 */
package dev.coherent.functions.common.metrics;
