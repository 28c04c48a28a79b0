package dev.coherent.tools.command;

import dev.coherent.audit.AuditReference;
import dev.coherent.autoencoder.AutoencoderConfig;
import dev.coherent.cohort.Cohort;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ModelSetManifest;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.modelset.ModelSetWriter;
import dev.coherent.modelset.RawModelSetTrainer;
import dev.coherent.preprocess.PreprocessingSpec;
import dev.coherent.store.ModelStores;
import dev.coherent.tools.option.StoreOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a model set with progress output and publishes it to a model store, with its audit
 * reference written first; shared by {@code train}, {@code assemble} and {@code quickstart}.
 */
final class ModelSetPublishing {
    private ModelSetPublishing() {}

    /** Runs on a trained set's exported folder before it is published (or, for a local output, after export). */
    @FunctionalInterface
    interface BeforePublish {
        BeforePublish NONE = (exported, audited) -> {};

        /**
         * @param exported the exported model set's folder
         * @param audited the cohort the denoisers were trained on, with its splits
         */
        void accept(Path exported, Cohort audited) throws Exception;
    }

    /**
     * Writes the audit reference from the exported set before the set is published, so that the
     * upload of the set's manifest (which triggers the privacy-audit function) always finds it.
     */
    static BeforePublish auditReference(String refUri, int samples, long seed, StoreOptions store) {
        return (exported, audited) -> {
            try (ModelSet set = ModelSet.load(exported)) {
                AuditReferenceCommand.write(
                        set, AuditReference.build(set, audited, samples, samples, seed), refUri, seed, store);
            }
        };
    }

    /**
     * Fits preprocessing and encoders, trains the denoisers on the codes, and publishes one model set.
     *
     * @return the cohort of codes the denoisers were trained on, with its splits
     */
    static Cohort trainRaw(
            Cohort cohort,
            Map<String, PreprocessingSpec> preprocessing,
            ModelSetTrainer.Options options,
            AutoencoderConfig autoencoder,
            String outUri,
            StoreOptions store,
            PrintStream out)
            throws Exception {
        return trainRaw(cohort, preprocessing, options, autoencoder, outUri, store, out, BeforePublish.NONE);
    }

    /** As the other {@code trainRaw}, running {@code beforePublish} on the exported set before publishing it. */
    static Cohort trainRaw(
            Cohort cohort,
            Map<String, PreprocessingSpec> preprocessing,
            ModelSetTrainer.Options options,
            AutoencoderConfig autoencoder,
            String outUri,
            StoreOptions store,
            PrintStream out,
            BeforePublish beforePublish)
            throws Exception {
        RawModelSetTrainer trainer = new RawModelSetTrainer(options, autoencoder);
        out.printf(
                Locale.ROOT,
                "raw cohort %s: %d patients, modalities %s; fitting preprocessing and encoders, then "
                        + "the denoisers (%s config)%n",
                cohort.name(),
                cohort.size(),
                cohort.modalityNames(),
                options.config().network());
        long started = System.nanoTime();
        RawModelSetTrainer.TrainedRawModelSet trained;
        int models = cohort.modalityNames().size() * cohort.modalityNames().size();
        try (TrainingProgress progress =
                new TrainingProgress(models, options.config().maxEpochs(), out)) {
            trained = trainer.train(
                    cohort,
                    preprocessing,
                    progress,
                    f -> out.printf(
                            Locale.ROOT,
                            "  encoder %-10s %s, %d of %d features kept, %s %d -> %d, %d epochs (best %d), validation MSE "
                                    + "%.4f, R2 %.3f%n",
                            f.spec().modality(),
                            f.preprocessing().recipe(),
                            f.spec().inputDim(),
                            f.preprocessing().inputFeatures().size(),
                            f.spec().kind().label(),
                            f.spec().inputDim(),
                            f.spec().latentDim(),
                            f.score().epochs(),
                            f.score().bestEpoch(),
                            f.score().validationMse(),
                            f.score().validationR2()));
        }
        ModelSetManifest manifest = ModelStores.write(outUri, store.s3(), folder -> {
            ModelSetManifest written = RawModelSetTrainer.export(trained, folder);
            beforePublish.accept(folder, trained.latent());
            return written;
        });
        out.printf(
                Locale.ROOT,
                "model set %s written to %s (%d encoders, %d models, %.1f s)%n",
                manifest.version(),
                outUri,
                manifest.encoders().size(),
                manifest.models().size(),
                (System.nanoTime() - started) / 1e9);
        return trained.latent();
    }

    /** Trains and publishes; shared with quickstart. */
    static ModelSetManifest train(
            Cohort cohort, ModelSetTrainer.Options options, String outUri, StoreOptions store, PrintStream out)
            throws Exception {
        return train(cohort, options, outUri, store, out, BeforePublish.NONE);
    }

    /** As the other {@code train}, running {@code beforePublish} on the exported set before publishing it. */
    static ModelSetManifest train(
            Cohort cohort,
            ModelSetTrainer.Options options,
            String outUri,
            StoreOptions store,
            PrintStream out,
            BeforePublish beforePublish)
            throws Exception {
        ModelSetTrainer trainer = new ModelSetTrainer(options);
        int models = trainer.specs(cohort).size();
        out.printf(
                Locale.ROOT,
                "cohort %s: %d patients, modalities %s; training %d denoisers (%s config)%n",
                cohort.name(),
                cohort.size(),
                cohort.modalityNames(),
                models,
                options.config().network());
        long started = System.nanoTime();
        ModelSetTrainer.TrainedModelSet trained;
        try (TrainingProgress progress =
                new TrainingProgress(models, options.config().maxEpochs(), out)) {
            trained = trainer.train(cohort, progress);
        }
        ModelSetManifest manifest = publish(trained, trainer.withSplit(cohort), outUri, store, beforePublish);
        out.printf(
                Locale.ROOT,
                "model set %s written to %s (%d models, %.1f s)%n",
                manifest.version(),
                outUri,
                manifest.models().size(),
                (System.nanoTime() - started) / 1e9);
        return manifest;
    }

    /**
     * Exports a trained set and publishes it to {@code outUri} (a local folder is written in place),
     * running {@code beforePublish} on the exported folder first; shared by train and assemble.
     *
     * @param audited the cohort the denoisers were trained on, with its splits
     */
    static ModelSetManifest publish(
            ModelSetTrainer.TrainedModelSet trained,
            Cohort audited,
            String outUri,
            StoreOptions store,
            BeforePublish beforePublish)
            throws Exception {
        return ModelStores.write(outUri, store.s3(), folder -> {
            ModelSetManifest manifest = ModelSetWriter.export(trained, folder);
            beforePublish.accept(folder, audited);
            return manifest;
        });
    }
}
