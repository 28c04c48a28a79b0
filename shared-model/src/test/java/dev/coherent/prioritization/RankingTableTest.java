package dev.coherent.prioritization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingTableTest {

    @Test
    void writesOneRowPerPairWithSixSignificantDigitsAndSafeCells() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RankingTable.write(
                List.of(new RankingTable.Row(
                        1, "p\t1", "rna", 0.123456789, 1234567.89, 0.5, 1e-9, 2.0, "stage\nII", 0)),
                out);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(String.join("\t", RankingTable.COLUMNS), lines[0]);
        assertEquals("1\tp 1\trna\t0.123457\t1234570\t0.5\t0.000000001\t2\tstage II\t0", lines[1]);
        assertEquals(2, lines.length);
    }
}
