/**
 * Request guards and parsing: body read timeouts and limits, strict JSON vectors and integers, patient ids, sampler settings.
 */
package dev.coherent.functions.common.request;
