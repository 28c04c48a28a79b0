/** The {@code coherent} command line: entry point, exit codes and error reporting. */
package dev.coherent.tools;
