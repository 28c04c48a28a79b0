/** Model store: local and S3 storage of model sets, key layout, digests and integrity checks. */
package dev.coherent.store;
