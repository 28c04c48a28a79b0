package dev.coherent.diffusion;

/**
 * The conditioning inputs of a batch of rows for each member of a (possibly one-member) ensemble.
 *
 * <p>For member m, {@code inputs[m]} is [rows, conditionWidth_m] and {@code masks[m]} is
 * [rows, conditionCount_m], flat and row-major, in standardized space. {@code offsets}, when not
 * null, holds per member a [rows, offsetWidth] shift of the sample space (or null for none): a
 * member trained around its own center sees x_t + √ᾱ_t·offset (see {@link OffsetEnsemble}).
 */
public record Conditioning(
        int rows,
        float[][] inputs,
        int[] widths,
        float[][] masks,
        int[] maskWidths,
        float[][] offsets,
        int offsetWidth) {

    /** Conditioning without offsets. */
    public Conditioning(int rows, float[][] inputs, int[] widths, float[][] masks, int[] maskWidths) {
        this(rows, inputs, widths, masks, maskWidths, null, 0);
    }

    public int members() {
        return inputs.length;
    }

    /** This conditioning with per-member offsets of width {@code width} (null entries for none). */
    public Conditioning withOffsets(float[][] memberOffsets, int width) {
        return new Conditioning(rows, inputs, widths, masks, maskWidths, memberOffsets, width);
    }

    /** Member {@code m}'s conditioning alone, without offsets. */
    public Conditioning member(int m) {
        return new Conditioning(
                rows, new float[][] {inputs[m]}, new int[] {widths[m]}, new float[][] {masks[m]}, new int[] {
                    maskWidths[m]
                });
    }

    /** The same conditioning restricted to the given rows (in that order). */
    public Conditioning select(int[] rowIdx) {
        float[][] in = new float[inputs.length][];
        float[][] mk = new float[masks.length][];
        float[][] off = offsets == null ? null : new float[offsets.length][];
        for (int m = 0; m < inputs.length; m++) {
            in[m] = gather(inputs[m], widths[m], rowIdx);
            mk[m] = gather(masks[m], maskWidths[m], rowIdx);
            if (off != null && offsets[m] != null) {
                off[m] = gather(offsets[m], offsetWidth, rowIdx);
            }
        }
        return new Conditioning(rowIdx.length, in, widths, mk, maskWidths, off, offsetWidth);
    }

    /** The same conditioning with every row repeated {@code times} times, row-major (r0,r0,..,r1,..). */
    public Conditioning repeat(int times) {
        int[] idx = new int[rows * times];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < times; k++) {
                idx[r * times + k] = r;
            }
        }
        return select(idx);
    }

    private static float[] gather(float[] data, int width, int[] rowIdx) {
        float[] out = new float[rowIdx.length * width];
        for (int i = 0; i < rowIdx.length; i++) {
            System.arraycopy(data, rowIdx[i] * width, out, i * width, width);
        }
        return out;
    }
}
