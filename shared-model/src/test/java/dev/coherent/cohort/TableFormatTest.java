package dev.coherent.cohort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableFormatTest {

    @Test
    void tabSeparatedKeepsEmptyCellsAndQuotes() {
        assertArrayEquals(new String[] {"p1", "", "\"1.5\"", ""}, TableFormat.TSV.split("p1\t\t\"1.5\"\t"));
    }

    @Test
    void commaSeparatedUnquotesCellsWithCommasAndDoubledQuotes() {
        assertArrayEquals(
                new String[] {"a,b", "say \"hi\"", "", "2"}, TableFormat.CSV.split("\"a,b\",\"say \"\"hi\"\"\",,2"));
        assertArrayEquals(new String[] {"x", "1", ""}, TableFormat.CSV.split("x,1,"));
    }

    @Test
    void malformedQuotingIsAnError() {
        assertEquals(
                "unterminated quoted cell",
                assertThrows(IllegalArgumentException.class, () -> TableFormat.CSV.split("a,\"b"))
                        .getMessage());
        assertEquals(
                "text after a closing quote",
                assertThrows(IllegalArgumentException.class, () -> TableFormat.CSV.split("\"a\"b,c"))
                        .getMessage());
    }
}
