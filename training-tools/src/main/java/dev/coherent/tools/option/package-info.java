/** Option groups shared by several subcommands (model store, sampler). */
package dev.coherent.tools.option;
