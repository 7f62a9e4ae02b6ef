package io.clearhouse.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<CsvReader.CsvRecord> read(String text, char delimiter) throws Exception {
        CsvReader r = new CsvReader(new StringReader(text), delimiter, 100);
        List<CsvReader.CsvRecord> records = new ArrayList<>();
        CsvReader.CsvRecord rec;
        while ((rec = r.next()) != null) {
            records.add(rec);
        }
        return records;
    }

    @Test
    void readsQuotedFieldsWithDelimitersDoubledQuotesAndLineBreaks() throws Exception {
        List<CsvReader.CsvRecord> records = read("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,x\nlast,1,2", ',');

        assertThat(records).hasSize(3);
        assertThat(records.get(0).fields()).containsExactly("a", "b,c", "say \"hi\"");
        assertThat(records.get(1).fields()).containsExactly("multi\nline", "", "x");
        assertThat(records.get(1).line()).isEqualTo(2);
        assertThat(records.get(2).line()).isEqualTo(4);
        assertThat(records.get(2).fields()).containsExactly("last", "1", "2");
    }

    @Test
    void usesTheConfiguredDelimiter() throws Exception {
        assertThat(read("a;b,c;d\n", ';').get(0).fields()).containsExactly("a", "b,c", "d");
    }

    @Test
    void reportsAStrayQuoteAndGoesOnWithTheNextLine() throws Exception {
        List<CsvReader.CsvRecord> records = read("a,b\"c,d\n\"x\"y,z\nok,1\n", ',');

        assertThat(records.get(0).error()).contains("quote inside an unquoted field");
        assertThat(records.get(1).error()).contains("after closing quote");
        assertThat(records.get(2).fields()).containsExactly("ok", "1");
        assertThat(records.get(2).line()).isEqualTo(3);
    }

    @Test
    void boundsTheLengthOfARecord() throws Exception {
        List<CsvReader.CsvRecord> records = read("x".repeat(500) + "\nok\n", ',');

        assertThat(records.get(0).error()).contains("longer than 100");
        assertThat(records.get(1).fields()).containsExactly("ok");
    }

    @Test
    void rejectsInputThatEndsInsideAQuotedField() {
        assertThatThrownBy(() -> read("a,b\n\"open,c\n", ','))
                .isInstanceOf(StatementRejectedException.class)
                .hasMessageContaining("truncated").hasMessageContaining("line 2");
    }
}
