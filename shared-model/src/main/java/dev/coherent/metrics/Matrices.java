package dev.coherent.metrics;

/**
 * Shape checks and layout helpers shared by the metrics in this package.
 *
 * <p>Package-private: callers see plain {@code float[][]} arrays indexed [sample][feature].
 */
public final class Matrices {

    private Matrices() {}

    /** Returns the number of features of a non-empty rectangular matrix, or throws. */
    public static int columns(float[][] m, String name) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(name + " must have at least one row");
        }
        int d = m[0].length;
        for (int i = 1; i < m.length; i++) {
            if (m[i].length != d) {
                throw new IllegalArgumentException(
                        name + " is ragged: row " + i + " has " + m[i].length + " features, row 0 has " + d);
            }
        }
        return d;
    }

    /** Checks that two matrices have identical shapes and returns the number of features. */
    static int sameShape(float[][] a, String nameA, float[][] b, String nameB) {
        int d = columns(a, nameA);
        int db = columns(b, nameB);
        if (a.length != b.length || d != db) {
            throw new IllegalArgumentException(
                    nameA + " is " + a.length + "x" + d + " but " + nameB + " is " + b.length + "x" + db);
        }
        return d;
    }

    /** Checks that every draw has the shape of {@code truth} (or of draw 0 when truth is null). */
    static void drawsShape(float[][][] draws, float[][] truth) {
        if (draws == null || draws.length == 0) {
            throw new IllegalArgumentException("draws must hold at least one draw");
        }
        float[][] ref = truth != null ? truth : draws[0];
        for (int r = 0; r < draws.length; r++) {
            sameShape(ref, truth != null ? "truth" : "draws[0]", draws[r], "draws[" + r + "]");
        }
    }

    /** Copies a rectangular matrix into one row-major double array so distance loops stay cache-friendly. */
    static double[] flatten(float[][] m, int d) {
        double[] flat = new double[m.length * d];
        for (int i = 0; i < m.length; i++) {
            float[] row = m[i];
            int off = i * d;
            for (int j = 0; j < d; j++) {
                flat[off + j] = row[j];
            }
        }
        return flat;
    }

    /** Copies column {@code j} of {@code m} into {@code out}. */
    public static void column(float[][] m, int j, double[] out) {
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][j];
        }
    }
}
