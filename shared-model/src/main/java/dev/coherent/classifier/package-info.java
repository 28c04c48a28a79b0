/** Downstream classifiers over all modalities with a presence mask, so that they accept patients with gaps. */
package dev.coherent.classifier;
