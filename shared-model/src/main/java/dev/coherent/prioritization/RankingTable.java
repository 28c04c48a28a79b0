package dev.coherent.prioritization;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A ranking of (patient, modality) pairs as a tab-separated table, one row per pair in rank order:
 * what an uploaded cohort's prioritization writes back, beside {@code TableImputation}'s tables.
 */
public final class RankingTable {
    /** Columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "rank",
            "sample",
            "modality",
            "score",
            "score_per_cost",
            "cost",
            "disagreement",
            "variance",
            "baseline_prediction",
            "diverged");

    private static final MathContext DIGITS = new MathContext(6);

    /** One ranked pair; {@code diverged} counts its draws that diverged. */
    public record Row(
            int rank,
            String sample,
            String modality,
            double score,
            double scorePerCost,
            double cost,
            double disagreement,
            double variance,
            String baselinePrediction,
            int diverged) {}

    private RankingTable() {}

    /** Writes the header and the rows; the caller closes {@code out}. */
    public static void write(List<Row> rows, OutputStream out) {
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write(String.join("\t", COLUMNS));
            w.write('\n');
            for (Row r : rows) {
                w.write(r.rank() + "\t" + cell(r.sample()) + "\t" + r.modality() + "\t" + number(r.score()) + "\t"
                        + number(r.scorePerCost()) + "\t" + number(r.cost()) + "\t" + number(r.disagreement()) + "\t"
                        + number(r.variance()) + "\t" + cell(r.baselinePrediction()) + "\t" + r.diverged() + "\n");
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cell without the characters that would break a TSV row. */
    private static String cell(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /** Six significant digits, no exponent, no trailing zeros. */
    private static String number(double v) {
        return new BigDecimal(v).round(DIGITS).stripTrailingZeros().toPlainString();
    }
}
