/** Benchmarks that compare the sampler's achieved throughput with plain TensorFlow matrix products. */
package dev.coherent.bench;
