/**
 * How a function JVM is launched: a plain {@code java -jar} gets the images' tuned options ({@link
 * dev.coherent.functions.common.launch.TunedLaunch}).
 */
package dev.coherent.functions.common.launch;
