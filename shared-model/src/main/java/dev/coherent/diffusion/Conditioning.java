package dev.coherent.diffusion;

/**
 * The conditioning inputs of a batch of rows for each member of a (possibly one-member) ensemble.
 *
 * <p>For member m, {@code inputs[m]} is [rows, conditionWidth_m] and {@code masks[m]} is
 * [rows, conditionCount_m], flat and row-major, in standardized space.
 */
public record Conditioning(int rows, float[][] inputs, int[] widths, float[][] masks, int[] maskWidths) {

    public int members() {
        return inputs.length;
    }

    /** The same conditioning restricted to the given rows (in that order). */
    public Conditioning select(int[] rowIdx) {
        float[][] in = new float[inputs.length][];
        float[][] mk = new float[masks.length][];
        for (int m = 0; m < inputs.length; m++) {
            in[m] = gather(inputs[m], widths[m], rowIdx);
            mk[m] = gather(masks[m], maskWidths[m], rowIdx);
        }
        return new Conditioning(rowIdx.length, in, widths, mk, maskWidths);
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
