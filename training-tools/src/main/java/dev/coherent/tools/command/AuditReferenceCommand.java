package dev.coherent.tools.command;

import dev.coherent.audit.AuditReference;
import dev.coherent.cohort.CohortReader;
import dev.coherent.modelset.ModelSet;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.ModelStores;
import dev.coherent.tools.option.StoreOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coherent audit-reference}: (re)builds a model set's audit reference from its cohort. */
@Command(
        name = "audit-reference",
        mixinStandardHelpOptions = true,
        description = "Write the audit reference (training and holdout samples, standardized) of a model set.")
public final class AuditReferenceCommand implements Callable<Integer> {
    @Option(names = "--cohort", required = true, description = "The cohort the model set was trained on.")
    Path cohortDir;

    @Option(names = "--models", required = true, description = "Model set URI.")
    String models;

    @Option(
            names = "--out",
            description = "Where to write it (default: <models>" + ModelSetLayout.AUDIT_REFERENCE_SUFFIX + ").")
    String out;

    @Option(names = "--train-samples", defaultValue = "" + AuditReference.DEFAULT_TRAIN_SAMPLES)
    int trainSamples;

    @Option(names = "--holdout-samples", defaultValue = "" + AuditReference.DEFAULT_HOLDOUT_SAMPLES)
    int holdoutSamples;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws Exception {
        try (ModelSet set = ModelSet.open(models, store.s3(), store.cacheDir())) {
            String uri = out != null ? out : ModelSetLayout.auditReferenceUri(models);
            write(
                    set,
                    AuditReference.build(
                            set, set.modelSpace(CohortReader.read(cohortDir)), trainSamples, holdoutSamples, seed),
                    uri,
                    seed,
                    store);
            System.out.println("audit reference written to " + uri);
        }
        return 0;
    }

    /** Writes a reference to a local folder or publishes it to S3. */
    static void write(ModelSet set, AuditReference ref, String uri, long seed, StoreOptions store) throws Exception {
        ModelStores.write(uri, store.s3(), folder -> {
            ref.write(folder, set, seed);
            return null;
        });
    }
}
