/** One class per {@code coherent} subcommand; each is thin glue over shared-model. */
package dev.coherent.tools.command;
