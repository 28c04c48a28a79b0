/**
 * The configuration every function shares: work folders, storage, and the sampler defaults (written once).
 */
package dev.coherent.functions.common.config;
