package dev.coherent.evaluation;

import dev.coherent.evaluation.CrossValidation.FoldRow;
import dev.coherent.evaluation.CrossValidation.Row;
import dev.coherent.metrics.Regressions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@link CrossValidation} scores a fold (R² over the features that vary) and sums up the folds. */
final class FoldScores {
    private FoldScores() {}

    static boolean[] varying(float[][] truth) {
        int d = truth[0].length;
        boolean[] out = new boolean[d];
        for (int j = 0; j < d; j++) {
            for (float[] row : truth) {
                if (row[j] != truth[0][j]) {
                    out[j] = true;
                    break;
                }
            }
        }
        return out;
    }

    static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Per-feature R² over the varying features only; {@code NaN} when none varies. */
    static double r2(float[][] truth, float[][] pred, boolean[] varying) {
        int d = count(varying);
        if (d == 0) {
            return Double.NaN;
        }
        float[][] t = new float[truth.length][d];
        float[][] p = new float[truth.length][d];
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0, k = 0; j < varying.length; j++) {
                if (varying[j]) {
                    t[i][k] = truth[i][j];
                    p[i][k++] = pred[i][j];
                }
            }
        }
        return Regressions.r2PerFeature(t, p);
    }

    static List<Row> aggregate(List<FoldRow> rows) {
        Map<String, List<FoldRow>> byKey = new LinkedHashMap<>();
        for (FoldRow r : rows) {
            byKey.computeIfAbsent(r.target() + "|" + r.conditions(), k -> new ArrayList<>())
                    .add(r);
        }
        List<Row> out = new ArrayList<>();
        for (List<FoldRow> group : byKey.values()) {
            List<FoldRow> scored =
                    group.stream().filter(r -> !Double.isNaN(r.model())).toList();
            int patients = group.stream().mapToInt(FoldRow::patients).sum();
            FoldRow first = group.get(0);
            out.add(new Row(
                    first.target(),
                    first.conditions(),
                    scored.size(),
                    patients,
                    mean(scored, FoldRow::model),
                    sd(scored, FoldRow::model),
                    mean(scored, FoldRow::featureMean),
                    mean(scored, FoldRow::knn),
                    mean(scored, FoldRow::ridge),
                    mean(scored, FoldRow::ceiling)));
        }
        return out;
    }

    private static double mean(List<FoldRow> rows, java.util.function.ToDoubleFunction<FoldRow> f) {
        return rows.stream()
                .mapToDouble(f)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN);
    }

    private static double sd(List<FoldRow> rows, java.util.function.ToDoubleFunction<FoldRow> f) {
        double[] v = rows.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).toArray();
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = Arrays.stream(v).average().orElse(0);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }
}
