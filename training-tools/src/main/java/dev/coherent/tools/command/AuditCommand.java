package dev.coherent.tools.command;

import dev.coherent.audit.AuditConfig;
import dev.coherent.audit.AuditReference;
import dev.coherent.audit.AuditReportWriter;
import dev.coherent.audit.AuditThresholds;
import dev.coherent.audit.PrivacyAudit;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.ModelStore;
import dev.coherent.store.ModelStores;
import dev.coherent.tools.option.SamplerOptions;
import dev.coherent.tools.option.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coherent audit}: the privacy audit of a model set against its audit reference. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Audit a model set: unconditional generation vs training records, membership inference, "
                + "record-level imputation gap. Writes report.json and report.html.")
public final class AuditCommand implements Callable<Integer> {
    @Option(names = "--models", required = true, description = "Model set: folder, file:// or s3:// URI.")
    String models;

    @Option(
            names = "--reference",
            description = "Audit reference URI (default: <models>" + ModelSetLayout.AUDIT_REFERENCE_SUFFIX + ").")
    String reference;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(
            names = "--samples",
            defaultValue = "" + AuditConfig.DEFAULT_SAMPLES,
            description = "Unconditional samples per target and method.")
    int samples;

    @Option(names = "--k", defaultValue = "" + AuditConfig.DEFAULT_K, description = "Neighbours of the k-NN manifolds.")
    int k;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--methods", split = ",", defaultValue = "coherent,multi,linear")
    List<String> methods;

    @Option(names = "--max-f1", defaultValue = "0.05", description = "Verdict: highest unconditional F1 allowed.")
    double maxF1;

    @Option(
            names = "--max-mia-auc",
            defaultValue = "0.60",
            description = "Verdict: highest membership-inference AUC allowed.")
    double maxMia;

    @Option(
            names = "--max-dcr-share",
            defaultValue = "0.60",
            description = "Verdict: highest share of generations closer to training.")
    double maxDcr;

    @Option(
            names = "--max-r2-gap",
            defaultValue = "0.05",
            description = "Verdict: highest train-minus-holdout imputation R².")
    double maxGap;

    @Mixin
    SamplerOptions sampler;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws Exception {
        String refUri = reference != null ? reference : ModelSetLayout.auditReferenceUri(models);
        try (ModelSet set = ModelSet.open(models, store.s3(), store.cacheDir());
                ModelStore refStore = ModelStores.open(refUri, store.s3())) {
            AuditReference ref = AuditReference.read(refStore.materialize(store.cacheDir()), set);
            AuditConfig config = new AuditConfig(
                    methods.stream().map(ImputationMethod::parse).toList(),
                    samples,
                    k,
                    seed,
                    sampler.settings(),
                    AuditConfig.DEFAULT_MIA_STEPS,
                    4,
                    new AuditThresholds(maxF1, maxMia, maxDcr, maxGap));
            System.out.println(
                    "method\ttarget\tprecision\trecall\tf1\tenergy_distance\tdcr_closer_to_train_share\tmia_auc\tr2_gap\tpass");
            PrivacyAudit.Report report = new PrivacyAudit(set, config)
                    .run(
                            ref,
                            r -> System.out.printf(
                                    Locale.ROOT,
                                    "%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%s%n",
                                    r.method(),
                                    r.target(),
                                    r.precision(),
                                    r.recall(),
                                    r.f1(),
                                    r.energyDistance(),
                                    r.dcrCloserToTrainShare(),
                                    r.miaAuc(),
                                    r.r2Gap(),
                                    r.pass()));
            Files.createDirectories(out);
            Files.write(out.resolve(AuditReportWriter.JSON), AuditReportWriter.json(report));
            Files.write(out.resolve(AuditReportWriter.HTML), AuditReportWriter.html(report));
            Files.writeString(out.resolve(AuditReportWriter.MARKDOWN), AuditReportWriter.markdown(report));
            System.out.println(
                    "verdict: " + (report.pass() ? "PASS" : "FAIL") + " -> " + out.resolve(AuditReportWriter.HTML));
            report.reasons().forEach(r -> System.out.println("  " + r));
        }
        return 0;
    }
}
