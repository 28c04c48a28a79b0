package dev.coherent.cohort;

import static dev.coherent.cohort.TestFiles.EXAMPLES;
import static dev.coherent.cohort.TestFiles.assertFormatError;
import static dev.coherent.cohort.TestFiles.tsv;
import static dev.coherent.cohort.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.CohortOptions.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleMajorReaderTest {
    @TempDir
    Path dir;

    /** Three patients of two types; labels stage and os_time. */
    private void writeSamples() {
        write(
                dir,
                "samples.tsv",
                tsv("sample", "cancer_type", "split", "stage", "os_time"),
                tsv("P1", "BRCA", "train", "2", "100"),
                tsv("P2", "BRCA", "test", "NA", ""),
                tsv("P3", "LUAD", "val", "1", "300"));
    }

    @Test
    void readsSyntheticSmallExample() {
        Cohort c = CohortReader.read(EXAMPLES.resolve("synthetic-pancancer-small"));
        assertEquals("synthetic-pancancer-small", c.name());
        assertEquals(1009, c.size());
        assertEquals(List.of("cna", "rnaseq", "rppa", "wsi"), c.modalityNames());
        for (ModalityMatrix m : c.modalities().values()) {
            assertEquals(32, m.dim());
            assertEquals(m.name() + "_00", m.features().get(0));
        }
        assertEquals(865, c.modality("cna").presentCount());
        assertEquals(954, c.modality("rnaseq").presentCount());
        assertEquals(139, c.indices(Split.TEST).length);
        assertTrue(c.hasSplits());
        Sample first = c.sample(0);
        assertEquals("SYN-00001", first.id());
        assertEquals("BRCA", first.cancerType());
        assertEquals(Map.of("stage", "1", "os_time", "1332", "os_event", "0"), first.labels());
        assertFalse(c.modality("cna").present(0), "SYN-00001 has no cna row");
        assertEquals(1.6417f, c.modality("rnaseq").row(0)[0]);
    }

    @Test
    void readsTablesOfEveryFormatWithModalityNamedByFile() {
        writeSamples();
        write(dir, "rna.csv", "sample,g1,g2", "P1,1.5,2", "\"P3\",\"3\",4e-2");
        write(dir, "cnv.txt", tsv("sample", "c1"), tsv("P2", "-1"));
        Cohort c = CohortReader.read(dir);
        assertEquals(List.of("cnv", "rna"), c.modalityNames());
        assertArrayEquals(new float[] {1.5f, 2f}, c.modality("rna").row(0));
        assertNull(c.modality("rna").row(1));
        assertArrayEquals(new float[] {3f, 0.04f}, c.modality("rna").row(2));
        assertArrayEquals(new float[] {-1f}, c.modality("cnv").row(1));
    }

    @Test
    void missingCellsAreNaNAndAllMissingRowMeansAbsent() {
        writeSamples();
        write(
                dir,
                "rna.tsv",
                tsv("sample", "g1", "g2", "g3"),
                tsv("P1", "NA", "2", ""),
                tsv("P2", "NaN", "nan", "NA"),
                tsv("P3", "1", " 2 ", "3"));
        ModalityMatrix m = CohortReader.read(dir).modality("rna");
        float[] r = m.row(0);
        assertTrue(Float.isNaN(r[0]) && r[1] == 2f && Float.isNaN(r[2]));
        assertFalse(m.present(1));
        assertArrayEquals(new float[] {1f, 2f, 3f}, m.row(2));
    }

    @Test
    void labelsLeaveOutMissingCellsAndTypesAndSplitsAreParsed() {
        writeSamples();
        write(dir, "rna.tsv", tsv("sample", "g1"), tsv("P1", "1"));
        Cohort c = CohortReader.read(dir);
        assertEquals(Map.of("stage", "2", "os_time", "100"), c.sample(0).labels());
        assertEquals(Map.of(), c.sample(1).labels());
        assertEquals(Split.TEST, c.sample(1).split());
        assertEquals("LUAD", c.sample(2).cancerType());
    }

    @Test
    void absentTypeAndSplitColumnsGiveNulls() {
        write(dir, "samples.tsv", tsv("sample", "stage"), tsv("P1", "2"));
        write(dir, "rna.tsv", tsv("sample", "g1"), tsv("P1", "1"));
        Cohort c = CohortReader.read(dir);
        assertNull(c.sample(0).cancerType());
        assertNull(c.sample(0).split());
        assertFalse(c.hasSplits());
    }

    @Test
    void emptySplitCellNamesFileAndLine() {
        write(dir, "samples.tsv", tsv("sample", "split"), tsv("P1", "train"), tsv("P2", ""));
        assertFormatError(() -> CohortReader.read(dir), "samples.tsv:3: ", "empty split");
    }

    @Test
    void unknownSplitNamesFileLineAndValue() {
        write(dir, "samples.tsv", tsv("sample", "split"), tsv("P1", "holdout"));
        assertFormatError(() -> CohortReader.read(dir), "samples.tsv:2: ", "'holdout'");
    }

    @Test
    void raggedRowNamesFileAndLine() {
        writeSamples();
        write(dir, "rna.tsv", tsv("sample", "g1", "g2"), tsv("P1", "1", "2"), tsv("P2", "1"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:3: ", "expected 3 cells, found 2");
    }

    @Test
    void raggedSamplesRowNamesFileAndLine() {
        write(dir, "samples.tsv", tsv("sample", "cancer_type"), tsv("P1", "BRCA", "extra"));
        assertFormatError(() -> CohortReader.read(dir), "samples.tsv:2: ", "expected 2 cells, found 3");
    }

    @Test
    void nonNumericCellIsQuotedWithItsColumn() {
        writeSamples();
        write(dir, "rna.tsv", tsv("sample", "g1", "g2"), tsv("P1", "1", "abc"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:2: ", "'g2'", "'abc'");
    }

    @Test
    void infinityAndTypeSuffixesAreNotNumbers() {
        writeSamples();
        write(dir, "rna.tsv", tsv("sample", "g1"), tsv("P1", "Infinity"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:2: ", "'Infinity'");
        write(dir, "rna.tsv", tsv("sample", "g1"), tsv("P1", "1f"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:2: ", "'1f'");
    }

    @Test
    void longBadCellIsTruncatedTo40Characters() {
        writeSamples();
        String cell = "x".repeat(40) + "SECRET";
        write(dir, "rna.tsv", tsv("sample", "g1"), tsv("P1", cell));
        CohortFormatException e = assertFormatError(() -> CohortReader.read(dir), "rna.tsv:2: ", "x".repeat(40));
        assertFalse(e.getMessage().contains("SECRET"));
    }

    @Test
    void duplicateSampleInSamplesTableNamesBothLines() {
        write(dir, "samples.tsv", tsv("sample"), "P1", "P2", "P1");
        assertFormatError(() -> CohortReader.read(dir), "samples.tsv:4: ", "duplicate sample", "line 2");
    }

    @Test
    void duplicateSampleInModalityNamesLine() {
        writeSamples();
        write(dir, "rna.tsv", tsv("sample", "g1"), tsv("P1", "1"), tsv("P1", "2"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:3: ", "duplicate sample");
    }

    @Test
    void duplicateFeatureColumnFails() {
        writeSamples();
        write(dir, "rna.tsv", tsv("sample", "g1", "g1"), tsv("P1", "1", "2"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:1: ", "duplicate column 'g1'");
    }

    @Test
    void sampleMissingFromSamplesTableNamesFileAndLine() {
        writeSamples();
        write(dir, "rna.tsv", tsv("sample", "g1"), tsv("P1", "1"), tsv("P9", "2"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:3: ", "not in samples.tsv");
    }

    @Test
    void emptyModalityFileFails() {
        writeSamples();
        write(dir, "rna.tsv");
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:1: ", "empty file");
    }

    @Test
    void headerWithoutRowsFails() {
        writeSamples();
        write(dir, "rna.tsv", tsv("sample", "g1"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:1: ", "no data rows");
        write(dir, "samples.tsv", tsv("sample", "split"));
        assertFormatError(() -> CohortReader.read(dir), "samples.tsv:1: ", "no data rows");
    }

    @Test
    void emptySamplesTableFails() {
        write(dir, "samples.tsv");
        assertFormatError(() -> CohortReader.read(dir), "samples.tsv:1: ", "empty file");
    }

    @Test
    void samplesTableWithoutSampleColumnFails() {
        write(dir, "samples.tsv", tsv("id", "split"), tsv("P1", "train"));
        assertFormatError(() -> CohortReader.read(dir), "samples.tsv:1: ", "no 'sample' column");
    }

    @Test
    void discoveredTableWithoutSampleColumnIsSkipped() {
        writeSamples();
        write(dir, "rna.tsv", tsv("sample", "g1"), tsv("P1", "1"));
        write(dir, "oracle_r2.tsv", tsv("target", "condition", "oracle_r2"), tsv("rna", "cna", "0.5"));
        write(dir, "notes.md", "not a table");
        assertEquals(List.of("rna"), CohortReader.read(dir).modalityNames());
    }

    @Test
    void blankLinesAndCrlfKeepPhysicalLineNumbers() throws Exception {
        writeSamples();
        Files.writeString(dir.resolve("rna.tsv"), "sample\tg1\r\nP1\t1\r\n\r\nP2\tbad\r\n");
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:4: ", "'bad'");
        Files.writeString(dir.resolve("rna.tsv"), "sample\tg1\r\nP1\t1\r\n\r\nP2\t2\r\n");
        assertArrayEquals(
                new float[] {2f}, CohortReader.read(dir).modality("rna").row(1));
    }

    @Test
    void malformedQuotedCsvCellFails() {
        writeSamples();
        write(dir, "rna.csv", "sample,g1", "P1,\"1");
        assertFormatError(() -> CohortReader.read(dir), "rna.csv:2: ", "unterminated");
    }

    @Test
    void cohortJsonPicksAndRenamesModalities() {
        writeSamples();
        write(dir, "RNA-seq.tsv", tsv("sample", "g1"), tsv("P1", "1"));
        write(dir, "other.tsv", tsv("sample", "g1"), tsv("P1", "bad"));
        write(dir, "cohort.json", "{\"layout\": \"sample-major\", \"modalities\": {\"rna\": \"RNA-seq.tsv\"}}");
        Cohort c = CohortReader.read(dir);
        assertEquals(List.of("rna"), c.modalityNames());
        assertEquals("rna", c.modality("rna").name());
    }

    @Test
    void cohortJsonRenamesColumnsAndOverridesWin() {
        write(dir, "samples.tsv", tsv("patient", "tumor", "fold"), tsv("P1", "BRCA", "train"));
        write(dir, "rna.tsv", tsv("patient", "g1"), tsv("P1", "1"));
        write(
                dir,
                "cohort.json",
                "{\"sample_column\": \"patient\", \"type_column\": \"tumor\",",
                " \"split_column\": \"fold\"}");
        Cohort c = CohortReader.read(dir);
        assertEquals("BRCA", c.sample(0).cancerType());
        assertEquals(Split.TRAIN, c.sample(0).split());
        Cohort overridden = CohortReader.read(dir, CohortOptions.none().withTypeColumn("nothing"));
        assertNull(overridden.sample(0).cancerType());
        assertEquals(Map.of("tumor", "BRCA"), overridden.sample(0).labels());
    }

    @Test
    void unknownKeyInCohortJsonFails() {
        writeSamples();
        write(dir, "cohort.json", "{", "  \"layout\": \"xena\",", "  \"splits\": \"x\"", "}");
        assertFormatError(() -> CohortReader.read(dir), "cohort.json:3: ", "unknown key 'splits'");
    }

    @Test
    void unknownLayoutInCohortJsonFails() {
        writeSamples();
        write(dir, "cohort.json", "{\"layout\": \"wide\"}");
        assertFormatError(() -> CohortReader.read(dir), "cohort.json:", "unknown layout 'wide'");
    }

    @Test
    void missingModalityFileNamedInOptionsFails() {
        writeSamples();
        CohortOptions o = CohortOptions.none().withModalities(Map.of("rna", "nope.tsv"));
        assertFormatError(() -> CohortReader.read(dir, o), dir.toString(), "nope.tsv", "not found");
    }

    @Test
    void folderWithoutSamplesOrPhenotypeTableFails() {
        write(dir, "rna.tsv", tsv("sample", "g1"), tsv("P1", "1"));
        assertFormatError(() -> CohortReader.read(dir), dir.toString(), "cannot tell the layout");
    }

    @Test
    void forcedLayoutIsUsed() {
        writeSamples();
        write(dir, "rna.tsv", tsv("sample", "g1"), tsv("P1", "1"));
        CohortOptions o = CohortOptions.none().withLayout(Layout.XENA);
        assertFormatError(() -> CohortReader.read(dir, o), dir.toString(), "no phenotype table");
    }
}
