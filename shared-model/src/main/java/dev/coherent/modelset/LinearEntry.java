package dev.coherent.modelset;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.coherent.json.Json;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.store.MalformedModelException;
import dev.coherent.store.ModelSetLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One linear-Gaussian model of a model set, as its manifest lists it; the weights are in
 * {@link ModelSetLayout#linearFile}, covered by the manifest's sha256 list like every other file.
 *
 * @param rows training and validation patients it was fitted on
 * @param alpha the relative ridge penalty chosen by cross-validation
 * @param cvMse held-out MSE per feature at that penalty, in standardized units
 * @param shrinkage weight of the diagonal in the residual covariance
 * @param distance99 99th percentile of held-out patients' squared Mahalanobis distance per feature
 *     (0 in sets trained before it was recorded); for the unconditional model of a modality, the
 *     out-of-distribution threshold of inputs of that modality
 * @param groups the cancer types its mean mixes (a mixture over patient groups, see {@link
 *     LinearGaussian.Weights}); 0 for a single regression and in sets trained before mixtures
 */
public record LinearEntry(
        String target,
        List<String> conditions,
        int rows,
        double alpha,
        double cvMse,
        double shrinkage,
        double distance99,
        int groups) {

    static LinearEntry of(LinearGaussian.Fitted f) {
        LinearGaussian.Summary s = f.summary();
        return new LinearEntry(
                f.model().target(),
                f.model().conditions(),
                s.rows(),
                s.alpha(),
                s.cvMse(),
                s.shrinkage(),
                s.distance99(),
                s.groups());
    }

    /** This entry with another out-of-distribution distance percentile. */
    LinearEntry withDistance99(double newDistance99) {
        return new LinearEntry(target, conditions, rows, alpha, cvMse, shrinkage, newDistance99, groups);
    }

    /** Writes a model's weights under a model set folder. */
    static void write(Path setDir, LinearGaussian model) throws IOException {
        Path file = setDir.resolve(ModelSetLayout.linearFile(model.target(), model.conditions()));
        Files.createDirectories(file.getParent());
        // One line: a pretty-printed matrix would be a number per line.
        Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), model.weights());
    }

    /** Reads this model's weights from a verified model set folder. */
    LinearGaussian load(Path setDir) {
        Path file = setDir.resolve(ModelSetLayout.linearFile(target, conditions));
        try {
            return new LinearGaussian(
                    target, conditions, Json.MAPPER.readValue(file.toFile(), LinearGaussian.Weights.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedModelException(file + ": not a valid linear model: " + e.getMessage(), e);
        }
    }
}
