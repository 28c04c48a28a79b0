/**
 * Errors as RFC 9457 problem+json: the problem types every function shares and their HTTP mapping.
 */
package dev.coherent.functions.common.problem;
