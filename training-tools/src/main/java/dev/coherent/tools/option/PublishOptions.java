package dev.coherent.tools.option;

import dev.coherent.audit.AuditReference;
import dev.coherent.store.ModelSetLayout;
import picocli.CommandLine.Option;

/** What a command that publishes a model set ({@code train}, {@code assemble}) names it and writes beside it. */
public final class PublishOptions {
    @Option(names = "--version-label", description = "Model set version (default: UTC timestamp).")
    String versionLabel;

    @Option(
            names = "--audit-reference",
            description = "Where the audit reference goes (default: <out>-audit-reference).")
    String auditReference;

    @Option(
            names = "--audit-samples",
            defaultValue = "" + AuditReference.DEFAULT_TRAIN_SAMPLES,
            description = "Training and holdout records in the audit reference, each.")
    int auditSamples;

    /** The version label, or {@code null} for a UTC timestamp. */
    public String versionLabel() {
        return versionLabel;
    }

    /** Where the audit reference of a set published to {@code out} goes. */
    public String auditReferenceUri(String out) {
        return auditReference != null ? auditReference : ModelSetLayout.auditReferenceUri(out);
    }

    public int auditSamples() {
        return auditSamples;
    }
}
