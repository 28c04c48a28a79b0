/**
 * The served model sets' lifecycle: load with retries, verify, warm up, swap in a newly published version, and lease a set to each request.
 */
package dev.coherent.functions.common.modelset;
