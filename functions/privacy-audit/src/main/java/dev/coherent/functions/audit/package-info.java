/**
 * The privacy-audit function: REST, manifest-upload (Lambda) and health adapters over the shared-model privacy audit.
 */
package dev.coherent.functions.audit;
