/**
 * Files a launch of a function JVM uses, shared by the functions' launcher and the benchmarks:
 * TensorFlow's natives in JavaCPP's cache and the jar's class-data-sharing archive.
 */
package dev.coherent.launch;
