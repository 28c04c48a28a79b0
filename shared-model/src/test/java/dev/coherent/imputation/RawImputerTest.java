package dev.coherent.imputation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.RawModelSetTrainer;
import dev.coherent.testutil.RawCohortFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Raw named features in, decoded imputations out; clear errors for wrong names. */
class RawImputerTest {
    private static final SamplerSettings FAST = SamplerSettings.ddim(10).withEta(1.0);

    private static RawValues raw(String modality, int patient) {
        ModalityMatrix m = RawCohortFixture.cohort().modality(modality);
        return new RawValues(m.features(), m.row(patient).clone());
    }

    private static RawImputationRequest request(List<RawPatientInput> patients, boolean keep, boolean latent) {
        return new RawImputationRequest(patients, List.of(), ImputationMethod.AUTO, 4, 7, 0.9, FAST, keep, latent);
    }

    @Test
    void imputesMissingModalitiesInPreprocessedUnitsTheSameAfterExportAndLoad() {
        RawPatientInput p = new RawPatientInput("new-1", Map.of("expr", raw("expr", 5), "prot", raw("prot", 5)));
        RawImputationResult loaded;
        RawImputationResult inMemory;
        try (ModelSet set = ModelSet.load(RawCohortFixture.modelSet())) {
            loaded = new RawImputer(set).impute(request(List.of(p), true, true));
        }
        try (ModelSet set = RawModelSetTrainer.open(RawCohortFixture.trained())) {
            inMemory = new RawImputer(set).impute(request(List.of(p), true, true));
        }
        RawPatientImputation r = loaded.patients().get(0);
        assertEquals(List.of("cn"), List.copyOf(r.imputed().keySet()));
        RawImputedModality cn = r.imputed().get("cn");
        assertEquals(RawCohortFixture.names("C", 10), cn.features());
        assertEquals(10, cn.mean().length);
        assertEquals(4, cn.samples().length, "every draw decoded");
        assertEquals(3, cn.latent().mean().length, "the code, on request");
        assertEquals(cn.latent().diverged(), cn.diverged(), "divergence is judged on the codes");
        for (int j = 0; j < 10; j++) {
            assertTrue(cn.lower()[j] <= cn.mean()[j] + 1e-6 && cn.mean()[j] <= cn.upper()[j] + 1e-6);
            assertTrue(cn.std()[j] >= 0);
        }
        assertEquals(12, r.observed().get("expr").values().length, "observed modalities come back preprocessed");
        assertArrayEquals(
                cn.mean(),
                inMemory.patients().get(0).imputed().get("cn").mean(),
                1e-4f,
                "the exported encoders and denoisers answer as the trained ones");
    }

    @Test
    void missingCellsOfAProvidedModalityTakeTheTrainingMedians() {
        RawValues prot = raw("prot", 6);
        prot.values()[2] = Float.NaN;
        prot.values()[4] = Float.NaN;
        try (ModelSet set = ModelSet.load(RawCohortFixture.modelSet())) {
            RawImputer imputer = new RawImputer(set);
            RawObservedModality o = imputer.preprocess("p", "prot", prot);
            assertEquals(2, o.filledCells());
            double[] medians = set.encoder("prot").preprocessor().parameters().medians();
            assertEquals(medians[2], o.values()[2], 1e-6);
            RawImputationResult r =
                    imputer.impute(request(List.of(new RawPatientInput("p", Map.of("prot", prot))), false, false));
            assertNull(r.patients().get(0).imputed().get("expr").samples());
            assertNull(r.patients().get(0).imputed().get("expr").latent());
        }
    }

    @Test
    void wrongFeatureNamesFailNamingPatientAndModality() {
        try (ModelSet set = ModelSet.load(RawCohortFixture.modelSet())) {
            RawImputer imputer = new RawImputer(set);
            RawValues cn = raw("cn", 1);
            List<String> names = new ArrayList<>(cn.features());
            names.set(3, "NOT_A_GENE");
            assertMessage(
                    imputer,
                    new RawPatientInput("alice", Map.of("cn", new RawValues(names, cn.values()))),
                    "patient 'alice', modality 'cn': unknown features 'NOT_A_GENE'; missing features 'C3'");
            assertMessage(
                    imputer,
                    new RawPatientInput(
                            "bob",
                            Map.of(
                                    "cn",
                                    new RawValues(
                                            cn.features().subList(0, 9), java.util.Arrays.copyOf(cn.values(), 9)))),
                    "patient 'bob', modality 'cn': missing features 'C9'");
            List<String> twice = new ArrayList<>(cn.features());
            twice.add("C0");
            float[] more = java.util.Arrays.copyOf(cn.values(), 11);
            assertMessage(
                    imputer,
                    new RawPatientInput("carol", Map.of("cn", new RawValues(twice, more))),
                    "patient 'carol', modality 'cn': features given twice 'C0'");
            RawValues expr = raw("expr", 1);
            assertMessage(
                    imputer,
                    new RawPatientInput(
                            "dan",
                            Map.of(
                                    "expr",
                                    new RawValues(
                                            expr.features().subList(0, 12),
                                            java.util.Arrays.copyOf(expr.values(), 12)))),
                    "patient 'dan', modality 'expr': missing features "
                            + "'G12' (the model set reads 13 features of this modality, all of them needed for the library size)");
            float[] empty = new float[10];
            java.util.Arrays.fill(empty, Float.NaN);
            assertMessage(
                    imputer,
                    new RawPatientInput("erin", Map.of("cn", new RawValues(cn.features(), empty))),
                    "patient 'erin', modality 'cn': every value is missing");
            assertMessage(
                    imputer, new RawPatientInput("fay", Map.of("mrna", cn)), "patient 'fay': unknown modality 'mrna'");
            float[] negative = expr.values().clone();
            negative[0] = -3;
            assertMessage(
                    imputer,
                    new RawPatientInput("gus", Map.of("expr", new RawValues(expr.features(), negative))),
                    "patient 'gus', modality 'expr': negative count for feature 'G0'");
        }
        try (ModelSet latentSet = ModelSet.inMemory(
                RawCohortFixture.trained().manifest().withEncoders(List.of()),
                RawCohortFixture.trained().denoisers().weights(),
                List.of())) {
            InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> new RawImputer(latentSet));
            assertTrue(e.getMessage().contains("has no encoders"), e.getMessage());
        }
    }

    @Test
    void aRawTableIsImputedIntoTheSameLayoutInPreprocessedUnits() throws Exception {
        Cohort c = RawCohortFixture.cohort();
        StringBuilder in = new StringBuilder("sample");
        for (String m : List.of("expr", "cn")) {
            for (String f : c.modality(m).features()) {
                in.append('\t').append(m).append(':').append(f);
            }
        }
        in.append('\n');
        for (int i : new int[] {5, 6}) {
            in.append(RawCohortFixture.id(i));
            for (String m : List.of("expr", "cn")) {
                float[] row = c.modality(m).row(i);
                for (int j = 0; j < row.length; j++) {
                    boolean blank = (i == 6 && m.equals("cn")) || (i == 5 && m.equals("expr") && j == 1);
                    in.append('\t').append(blank ? "" : Float.toString(row[j]));
                }
            }
            in.append('\n');
        }
        java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream report = new java.io.ByteArrayOutputStream();
        try (ModelSet set = ModelSet.load(RawCohortFixture.modelSet())) {
            TableImputation.Summary s = new RawTableImputation(set)
                    .run(
                            new java.io.ByteArrayInputStream(
                                    in.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                            "raw.tsv",
                            dev.coherent.cohort.TableFormat.TSV,
                            table,
                            dev.coherent.cohort.TableFormat.TSV,
                            report,
                            request(List.of(), false, false),
                            1);
            assertEquals(2, s.patients());
            assertEquals(3, s.imputedModalities(), "prot for both, cn for the second");
        }
        String[] lines = table.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        String[] header = lines[0].split("\t");
        assertEquals(1 + 10 + 12 + 6, header.length, "kept features of every modality");
        assertEquals("cn:C0", header[1]);
        assertEquals("expr:G0", header[11]);
        assertEquals("prot:P5", header[header.length - 1]);
        for (String line : List.of(lines[1], lines[2])) {
            for (String cell : line.split("\t")) {
                assertTrue(!cell.isEmpty() && !cell.equals("NA"), line);
            }
        }
        var json = dev.coherent.json.Json.MAPPER.readTree(report.toByteArray());
        assertEquals("raw", json.get("space").asText());
        assertEquals(
                1, json.get("patients").get(0).get("filled_cells").get("expr").asInt());
        assertEquals(
                6,
                json.get("patients")
                        .get(1)
                        .get("imputed")
                        .get("prot")
                        .get("std")
                        .size());
        assertNotNull(json.get("patients").get(1).get("imputed").get("cn"));
        assertTrue(json.get("patients").get(1).get("imputed").get("prot").has("diverged"));
        assertTrue(json.has("diverged_draws"));
    }

    private static void assertMessage(RawImputer imputer, RawPatientInput p, String expected) {
        InvalidQueryException e =
                assertThrows(InvalidQueryException.class, () -> imputer.impute(request(List.of(p), false, false)));
        assertTrue(e.getMessage().startsWith(expected), () -> "message: " + e.getMessage());
    }
}
