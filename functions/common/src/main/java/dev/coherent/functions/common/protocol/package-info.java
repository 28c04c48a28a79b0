/**
 * What the Open Inference Protocol (KServe V2) routes share: server metadata, health and the protocol's error body.
 */
package dev.coherent.functions.common.protocol;
