package dev.coherent.autoencoder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Shape of the reference's {@code FlexibleAutoencoder} (reference-method.md §2).
 *
 * <p>Encoder: n blocks Linear → BatchNorm → ReLU of widths
 * {@code size_i = max(L, int(D·(L/D)^((i/n)^(1/s))))} for i = 1..n, so the last is L, then a plain
 * Linear(L → L) whose output is the code. Decoder: the widths in reverse order, each Linear →
 * BatchNorm → ReLU (the first is Linear(L → L)), then Linear(→ D). The reference uses L = 32 and
 * (n, s) = (3, 1) for RNA, (2, 1) for RPPA and (2, 3) for CNA; a larger s shrinks faster early.
 *
 * @param inputDim D, the preprocessed features
 * @param latentDim L, the code width
 * @param layers n, the encoder's hidden blocks
 * @param shrink s, the shrink exponent
 */
public record AutoencoderSpec(int inputDim, int latentDim, int layers, double shrink) {
    public AutoencoderSpec {
        if (inputDim < 1 || latentDim < 1 || layers < 1 || !(shrink > 0)) {
            throw new IllegalArgumentException("invalid autoencoder shape: D=" + inputDim + ", L=" + latentDim + ", n="
                    + layers + ", s=" + shrink);
        }
    }

    /** The encoder's hidden widths size_1 .. size_n; the decoder uses them in reverse. */
    public List<Integer> widths() {
        List<Integer> out = new ArrayList<>(layers);
        for (int i = 1; i <= layers; i++) {
            double frac = Math.pow(i / (double) layers, 1.0 / shrink);
            int size = (int) (inputDim * Math.pow(latentDim / (double) inputDim, frac));
            out.add(Math.max(size, latentDim));
        }
        return Collections.unmodifiableList(out);
    }
}
