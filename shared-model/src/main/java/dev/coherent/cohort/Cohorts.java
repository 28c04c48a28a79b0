package dev.coherent.cohort;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Helpers over whole cohorts. */
public final class Cohorts {
    /** Versions the byte layout hashed below, so a layout change cannot collide with old hashes. */
    private static final String FINGERPRINT_TAG = "coherent-cohort-fingerprint-v1";

    private Cohorts() {}

    /**
     * A hex SHA-256 over the sample ids, their splits, the modality names, their feature names, the
     * presence of every patient in every modality and the present values; any change to one of
     * these changes it. Cancer types, labels and the cohort's name are not part of it.
     */
    public static String fingerprint(Cohort cohort) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        // Closing flushes the buffer into the digest before it is read below.
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha), 1 << 16))) {
            writeString(out, FINGERPRINT_TAG);
            out.writeInt(cohort.size());
            for (Sample s : cohort.samples()) {
                writeString(out, s.id());
                out.writeByte(s.split() == null ? -1 : s.split().ordinal());
            }
            out.writeInt(cohort.modalities().size());
            for (ModalityMatrix m : cohort.modalities().values()) {
                writeString(out, m.name());
                out.writeInt(m.dim());
                for (String f : m.features()) {
                    writeString(out, f);
                }
                for (int i = 0; i < m.size(); i++) {
                    float[] row = m.row(i);
                    out.writeBoolean(row != null);
                    if (row != null) {
                        for (float v : row) {
                            out.writeFloat(v); // floatToIntBits: every NaN hashes alike
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash cohort", e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Length-prefixed, so that ("ab", "c") and ("a", "bc") hash differently. */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
