package io.clearhouse.reporting.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SpreadsheetTextTest {

    @Test
    void prefixesTextThatStartsLikeAFormulaOrAControlCharacter() {
        assertThat(SpreadsheetText.escape("=1+1")).isEqualTo("'=1+1");
        assertThat(SpreadsheetText.escape("+1")).isEqualTo("'+1");
        assertThat(SpreadsheetText.escape("-1")).isEqualTo("'-1");
        assertThat(SpreadsheetText.escape("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetText.escape("\tx")).isEqualTo("'\tx");
        assertThat(SpreadsheetText.escape("\rx")).isEqualTo("'\rx");
        assertThat(SpreadsheetText.escape("prov-a")).isEqualTo("prov-a");
        assertThat(SpreadsheetText.escape(null)).isEmpty();
    }

    @Test
    void writesMinorUnitsWithExactlyTheCurrencysExponent() {
        assertThat(SpreadsheetText.decimal(12345, 2)).isEqualTo("123.45");
        assertThat(SpreadsheetText.decimal(-5, 2)).isEqualTo("-0.05");
        assertThat(SpreadsheetText.decimal(1000, 0)).isEqualTo("1000");
        assertThat(SpreadsheetText.decimal(1, 3)).isEqualTo("0.001");
        assertThat(SpreadsheetText.atExponent(new BigDecimal("10.125"), 2, "HALF_EVEN")).isEqualByComparingTo("10.12");
        assertThat(SpreadsheetText.atExponent(new BigDecimal("10.125"), 2, "HALF_UP")).isEqualByComparingTo("10.13");
    }

    @Test
    void csvQuotesFieldsWithCommasQuotesAndLineBreaks() {
        StringBuilder out = new StringBuilder();
        CsvReportWriter.row(out, java.util.List.of("a,b", "say \"hi\"", "two\nlines", "plain"));
        assertThat(out.toString()).isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",plain\r\n");
        assertThat(ReportFixtures.parseCsv(out.toString()).get(0)).containsExactly("a,b", "say \"hi\"", "two\nlines",
                "plain");
    }

    @Test
    void sheetNamesFollowExcelsRulesAndStayUnique() {
        java.util.Set<String> taken = new java.util.HashSet<>();
        assertThat(XlsxReportWriter.sheetName("a/b:c", taken)).isEqualTo("a_b_c");
        assertThat(XlsxReportWriter.sheetName("A/B:C", taken)).isEqualTo("A_B_C~2");
        assertThat(XlsxReportWriter.sheetName("x".repeat(40), taken)).hasSize(31);
        assertThat(XlsxReportWriter.sheetName("x".repeat(40), taken)).hasSize(31).endsWith("~2");
    }
}
