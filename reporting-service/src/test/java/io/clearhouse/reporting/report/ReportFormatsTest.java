package io.clearhouse.reporting.report;

import static io.clearhouse.reporting.StatementMother.statement;
import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.reporting.StatementMother;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class ReportFormatsTest {

    private static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")";

    @Test
    void csvStatesEveryFigureOfTheStatementWithTheCurrencysExponent() {
        DailyReport r = ReportFixtures.report("prov-a", ReportFixtures.someBreaks(), statement());
        List<List<String>> rows = ReportFixtures.parseCsv(new String(CsvReportWriter.write(r), StandardCharsets.UTF_8));

        assertThat(rows.get(0)).isEqualTo(CsvReportWriter.HEADER);
        assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(CsvReportWriter.HEADER.size()));
        Map<String, String> byKey = rows.stream().skip(1).collect(Collectors.toMap(
                row -> row.get(7) + "|" + row.get(8) + "|" + row.get(11) + "|" + row.get(12), row -> row.get(13),
                (a, b) -> a));
        assertThat(byKey).containsEntry("LINE|1|fee|USD", "120.00").containsEntry("LINE|2|fee|USD", "200.00")
                .containsEntry("LINE|3|fee|USD", "10.80").containsEntry("LINE|2|ngr|USD", "800.00")
                .containsEntry("LINE|3|ggr|EUR", "100.00").containsEntry("TOTAL||fees|USD", "330.80")
                .containsEntry("TOTAL||aggregator_fee|USD", "11.04")
                .containsEntry("TOTAL||total_payable|USD", "341.84")
                // 341.84 USD at the inverse of EUR->USD 1.08 (0.9259259259): 316.52 EUR
                .containsEntry("REPORTING||total_payable_converted|EUR", "316.52")
                .containsEntry("RECONCILIATION||OPEN|USD", "12.50");
        assertThat(rows).anySatisfy(row -> assertThat(row).containsSequence("total_payable_converted", "EUR", "316.52",
                "", "0.9259259259", "inverse of ECB", "2026-03-01"));
    }

    @Test
    void csvAndXlsxEscapeTextThatASpreadsheetWouldRunAsAFormula() throws Exception {
        StatementMother m = statement().provider(FORMULA).preparedBy("+cmd|' /C calc'!A0").fxSource("@SUM(1+1)");
        DailyReport r = ReportFixtures.report(FORMULA, List.of(), m);

        String csv = new String(CsvReportWriter.write(r), StandardCharsets.UTF_8);
        List<List<String>> rows = ReportFixtures.parseCsv(csv);
        assertThat(rows.stream().skip(1).map(row -> row.get(3))).containsOnly("'" + FORMULA);
        assertThat(rows).anySatisfy(row -> assertThat(row.get(18)).startsWith("'+cmd"));
        assertThat(rows).anySatisfy(row -> assertThat(row.get(16)).isEqualTo("'@SUM(1+1)"));
        assertThat(rows.stream().flatMap(List::stream)).noneMatch(f -> f.startsWith("=") || f.startsWith("+")
                || f.startsWith("@"));

        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(XlsxReportWriter.write(r)))) {
            for (Sheet sheet : wb) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        assertThat(cell.getCellType()).isNotEqualTo(CellType.FORMULA);
                        if (cell.getCellType() == CellType.STRING) {
                            assertThat(cell.getStringCellValue()).doesNotStartWith("=").doesNotStartWith("+")
                                    .doesNotStartWith("@");
                        }
                    }
                }
            }
            assertThat(wb.getSheet("Summary").getRow(1).getCell(0).getStringCellValue()).isEqualTo("'" + FORMULA);
        }
    }

    @Test
    void xlsxHasTypedAmountsWithTheCurrencysDecimalsAFrozenHeaderAndOneSheetPerProvider() throws Exception {
        DailyReport r = ReportFixtures.report(null, ReportFixtures.someBreaks(), statement().provider("prov-a"),
                statement().provider("prov-b"));
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(XlsxReportWriter.write(r)))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(3);
            assertThat(wb.getSheetName(0)).isEqualTo("Summary");
            assertThat(wb.getSheetName(1)).isEqualTo("prov-a");
            Sheet summary = wb.getSheet("Summary");
            assertThat(summary.getPaneInformation().isFreezePane()).isTrue();
            assertThat(summary.getColumnWidth(0)).isEqualTo(24 * 256);
            Cell total = summary.getRow(1).getCell(10);
            assertThat(total.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(money(total, 2)).isEqualByComparingTo("341.84");
            assertThat(total.getCellStyle().getDataFormatString()).isEqualTo("0.00");
            Cell consolidated = summary.getRow(3).getCell(15);
            assertThat(money(consolidated, 2)).isEqualByComparingTo("633.04");

            Sheet a = wb.getSheet("prov-a");
            assertThat(a.getPaneInformation().isFreezePane()).isTrue();
            assertThat(money(a.getRow(1).getCell(18), 2)).isEqualByComparingTo("120.00");
            assertThat(money(a.getRow(2).getCell(18), 2)).isEqualByComparingTo("200.00");
            assertThat(money(a.getRow(3).getCell(18), 2)).isEqualByComparingTo("10.80");
        }
    }

    @Test
    void pdfShowsPartiesLinesTotalsFxHashAndApprovalTrail() throws Exception {
        StatementMother m = statement().approved("finance-2", Instant.parse("2026-03-03T09:15:00Z"));
        DailyReport r = ReportFixtures.report("prov-a", ReportFixtures.someBreaks(), m);
        String text;
        try (PDDocument pdf = Loader.loadPDF(PdfReportWriter.write(r))) {
            text = new PDFTextStripper().getText(pdf);
        }
        assertThat(text).contains("Daily settlement report 2026-03-02 - prov-a - FINAL")
                .contains("Operator Ltd (pays) and prov-a (provider)")
                .contains("Period: 2026-03-02 to 2026-03-02")
                .contains("Total payable 341.84 USD")
                .contains("Aggregator fee (rate 0.005) 11.04 USD")
                .contains("Minimum-guarantee top-up 0.00 USD")
                .contains("Carry-forward out 0.00 USD")
                .contains("1 EUR = 1.08 USD (ECB, rate date 2026-03-01)")
                .contains("316.52 EUR at 0.9259259259 (inverse of ECB, 2026-03-01)")
                .contains(m.event().sha256())
                .contains("Prepared by scheduler at 2026-03-03T07:00:00Z")
                .contains("Approved by finance-2 at 2026-03-03T09:15:00Z")
                .contains("AMOUNT_MISMATCH OPEN USD 2 12.50");
    }

    @Test
    void sameInputsGiveTheSameBytesInEveryFormatAndTheOnlyTimestampComesFromTheInputs() throws Exception {
        DailyReport first = ReportFixtures.report(null, ReportFixtures.someBreaks(), statement().provider("a"),
                statement().provider("b"));
        DailyReport again = ReportFixtures.report(null, ReportFixtures.someBreaks(), statement().provider("a"),
                statement().provider("b"));
        for (ReportFormat f : ReportFormat.values()) {
            assertThat(ReportRenderer.render(again, f)).as(f.name()).isEqualTo(ReportRenderer.render(first, f));
        }
        Instant asOf = Instant.parse("2026-03-03T07:00:00Z");
        assertThat(first.asOf()).isEqualTo(asOf);
        try (PDDocument pdf = Loader.loadPDF(PdfReportWriter.write(first))) {
            assertThat(pdf.getDocumentInformation().getCreationDate().toInstant()).isEqualTo(asOf);
            assertThat(pdf.getDocumentInformation().getModificationDate().toInstant()).isEqualTo(asOf);
            assertThat(pdf.getDocument().getDocumentID()).isNotNull();
        }
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(XlsxReportWriter.write(first)))) {
            assertThat(wb.getProperties().getCoreProperties().getCreated().toInstant()).isEqualTo(asOf);
            assertThat(wb.getProperties().getCoreProperties().getModified().toInstant()).isEqualTo(asOf);
        }
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                new ByteArrayInputStream(XlsxReportWriter.write(first)))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                assertThat(e.getTimeLocal()).as(e.getName()).isEqualTo(java.time.LocalDateTime.of(2026, 3, 3, 7, 0));
            }
        }
    }

    @Test
    void aRateIsTakenFromTheStatementsOrStatedMissingNeverInvented() {
        ReportingRates none = new ReportingRates(List.of());
        DailyReport.Conversion missing = none.convert(100, "USD", "EUR", java.time.LocalDate.of(2026, 3, 2));
        assertThat(missing.missing()).isTrue();
        assertThat(missing.convertedMinor()).isNull();

        ReportingRates day = new ReportingRates(List.of(ReportFixtures.current(statement()).document()));
        DailyReport.Conversion direct = day.convert(10000, "EUR", "USD", java.time.LocalDate.of(2026, 3, 2));
        assertThat(direct.rate()).isEqualByComparingTo("1.08");
        assertThat(direct.convertedMinor()).isEqualTo(10800);
        assertThat(direct.source()).isEqualTo("ECB");
        DailyReport.Conversion same = day.convert(123, "USD", "USD", java.time.LocalDate.of(2026, 3, 2));
        assertThat(same.convertedMinor()).isEqualTo(123);

        DailyReport r = ReportFixtures.report("prov-a", List.of(), statement());
        assertThat(r.missingRates()).isEmpty();
    }

    private static BigDecimal money(Cell cell, int exp) {
        return BigDecimal.valueOf(cell.getNumericCellValue()).setScale(exp, java.math.RoundingMode.UNNECESSARY);
    }
}
