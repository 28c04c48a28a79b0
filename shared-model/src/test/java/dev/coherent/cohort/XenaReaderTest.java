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

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XenaReaderTest {
    @TempDir
    Path dir;

    private void writeClinical() {
        write(
                dir,
                "clinical.tsv",
                tsv("patientID", "stage", "vital_status"),
                tsv("A", "stage i", "1"),
                tsv("B", "NA", "0"),
                tsv("C", "stage ii", "NA"));
    }

    @Test
    void readsTcgaAccMiniExample() {
        // Its cohort.json names four modalities (Mutations.tsv is left out) and the phenotype table.
        Cohort c = CohortReader.read(EXAMPLES.resolve("tcga-acc-mini"));
        assertEquals(92, c.size(), "every matrix patient is in clinical.tsv");
        assertEquals(List.of("cna", "mirna", "rnaseq", "rppa"), c.modalityNames());
        Map<String, int[]> expected = Map.of(
                "rnaseq", new int[] {198, 79},
                "cna", new int[] {198, 90},
                "rppa", new int[] {33, 46},
                "mirna", new int[] {471, 80});
        expected.forEach((name, dimAndCount) -> {
            assertEquals(dimAndCount[0], c.modality(name).dim(), name);
            assertEquals(dimAndCount[1], c.modality(name).presentCount(), name);
        });
        Sample first = c.sample(0);
        assertEquals("TCGA-OR-A5J1", first.id());
        assertNull(first.cancerType());
        assertNull(first.split());
        assertEquals("stage ii", first.labels().get("pathologic_stage"));
        assertFalse(first.labels().containsKey("days_to_last_followup"), "NA label left out");
        assertEquals("DIRAS3", c.modality("rnaseq").features().get(0));
        assertEquals(1487.0317f, c.modality("rnaseq").row(0)[0]);
        int withFour = 0;
        for (int i = 0; i < c.size(); i++) {
            boolean all = true;
            for (String m : List.of("rnaseq", "cna", "rppa", "mirna")) {
                all &= c.modality(m).present(i);
            }
            withFour += all ? 1 : 0;
        }
        assertEquals(45, withFour, "README: 45 patients have RNA, CNA, RPPA and miRNA");
    }

    @Test
    void modalityNamesAreLowercasedAlphanumericBaseNames() {
        assertEquals("rnaseq2genenorm", CohortFiles.xenaModalityName("RNASeq2GeneNorm.tsv"));
        assertEquals("cnvgistic20", CohortFiles.xenaModalityName("CNV_gistic-2.0.csv"));
        assertEquals("rppa", CohortFiles.xenaModalityName("RPPA.tsv"));
    }

    @Test
    void entirelyMissingColumnMeansAbsentAndPartlyMissingIsNaN() {
        writeClinical();
        write(dir, "RNA.tsv", tsv("sample", "A", "B", "C"), tsv("g1", "1", "NA", "NA"), tsv("g2", "2", "NA", "5"));
        Cohort c = CohortReader.read(dir);
        ModalityMatrix m = c.modality("rna");
        assertEquals(List.of("g1", "g2"), m.features());
        assertArrayEquals(new float[] {1f, 2f}, m.row(0));
        assertFalse(m.present(1));
        assertTrue(Float.isNaN(m.row(2)[0]));
        assertEquals(5f, m.row(2)[1]);
        assertEquals(
                Map.of("stage", "stage i", "vital_status", "1"), c.sample(0).labels());
    }

    @Test
    void patientsOnlyInMatricesAreKeptWithoutLabels() {
        writeClinical();
        write(dir, "rna.tsv", tsv("sample", "A", "Z"), tsv("g1", "1", "2"));
        write(dir, "cnv.tsv", tsv("sample", "Y", "B"), tsv("c1", "3", "4"));
        Cohort c = CohortReader.read(dir);
        assertEquals(
                List.of("A", "B", "C", "Y", "Z"),
                c.samples().stream().map(Sample::id).toList());
        assertEquals(Map.of(), c.sample(3).labels());
        assertArrayEquals(new float[] {2f}, c.modality("rna").row(4));
        assertArrayEquals(new float[] {3f}, c.modality("cnv").row(3));
        assertFalse(c.modality("cnv").present(4));
    }

    @Test
    void matrixWithoutCommonSampleFails() {
        writeClinical();
        write(dir, "rna.tsv", tsv("sample", "X", "Y"), tsv("g1", "1", "2"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:1: ", "no sample in common with clinical.tsv");
    }

    @Test
    void duplicatePatientColumnFails() {
        writeClinical();
        write(dir, "rna.tsv", tsv("sample", "A", "A"), tsv("g1", "1", "2"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:1: ", "duplicate column");
    }

    @Test
    void duplicateFeatureRowNamesLine() {
        writeClinical();
        write(dir, "rna.tsv", tsv("sample", "A"), tsv("g1", "1"), tsv("g1", "2"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:3: ", "duplicate feature 'g1'");
    }

    @Test
    void raggedMatrixRowAndBadCellNameLine() {
        writeClinical();
        write(dir, "rna.tsv", tsv("sample", "A", "B"), tsv("g1", "1"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:2: ", "expected 3 cells, found 2");
        write(dir, "rna.tsv", tsv("sample", "A", "B"), tsv("g1", "1", "2"), tsv("g2", "1", "?"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:3: ", "'?'");
    }

    @Test
    void matrixWithoutRowsFails() {
        writeClinical();
        write(dir, "rna.tsv", tsv("sample", "A", "B"));
        assertFormatError(() -> CohortReader.read(dir), "rna.tsv:1: ", "no data rows");
    }

    @Test
    void duplicatePatientInPhenotypeFails() {
        write(dir, "clinical.tsv", tsv("patientID", "stage"), tsv("A", "1"), tsv("A", "2"));
        write(dir, "rna.tsv", tsv("sample", "A"), tsv("g1", "1"));
        assertFormatError(() -> CohortReader.read(dir), "clinical.tsv:3: ", "duplicate sample");
    }

    @Test
    void phenotypeCsvIsFoundAndItsTypeAndSplitColumnsAreUsed() {
        write(dir, "phenotype.csv", "id,cancer_type,split,age", "A,ACC,train,50", "B,ACC,test,");
        write(dir, "rna.csv", "sample,A,B", "g1,1,2");
        Cohort c = CohortReader.read(dir);
        assertEquals("ACC", c.sample(1).cancerType());
        assertEquals(Split.TEST, c.sample(1).split());
        assertEquals(Map.of("age", "50"), c.sample(0).labels());
        assertEquals(List.of("rna"), c.modalityNames());
    }

    @Test
    void cohortJsonNamesPhenotypeSampleColumnAndModalities() {
        write(dir, "pheno.tsv", tsv("age", "patientID"), tsv("50", "A"), tsv("60", "B"));
        write(dir, "RNASeq2GeneNorm.tsv", tsv("sample", "A", "B"), tsv("g1", "1", "2"));
        write(dir, "junk.tsv", "not a matrix");
        write(
                dir,
                "cohort.json",
                "{\"layout\": \"xena\", \"phenotype\": \"pheno.tsv\",",
                "\"sample_column\": \"patientID\", \"modalities\": {\"rna\": \"RNASeq2GeneNorm.tsv\"}}");
        Cohort c = CohortReader.read(dir);
        assertEquals(List.of("A", "B"), c.samples().stream().map(Sample::id).toList());
        assertEquals(Map.of("age", "60"), c.sample(1).labels());
        assertEquals(List.of("rna"), c.modalityNames());
    }

    @Test
    void twoFilesGivingOneModalityNameFail() {
        writeClinical();
        write(dir, "RNA.tsv", tsv("sample", "A"), tsv("g1", "1"));
        write(dir, "rna.csv", "sample,A", "g1,1");
        assertFormatError(() -> CohortReader.read(dir), dir.toString(), "both give modality 'rna'");
    }
}
