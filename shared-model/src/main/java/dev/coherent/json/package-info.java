/** The one JSON mapper of manifests, model files and reports. */
package dev.coherent.json;
