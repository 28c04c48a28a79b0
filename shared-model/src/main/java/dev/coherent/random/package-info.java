/** Reproducible random streams: seeds derived per patient, draw and model, and the one shuffle. */
package dev.coherent.random;
