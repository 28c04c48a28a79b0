/**
 * Liveness, readiness and startup checks over the served model set.
 */
package dev.coherent.functions.common.health;
