package io.clearhouse.reporting;

import static io.clearhouse.reporting.StatementMother.statement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.common.hash.Hashing;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.reconciliation.BreakClass;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReportsIT extends ReportingITBase {

    private static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")";

    @Test
    void aDraftStatementEventArchivesDraftReportsWhoseThreeFormatsAgreeWithTheStatement() throws Exception {
        String provider = uniqueProvider("fmt");
        LocalDate date = uniqueDate();
        StatementMother m = statement().provider(provider).date(date);
        publish(Topics.RECON_BREAKS, "b", breakOpened(ThreadLocalRandom.current().nextLong(1, 1_000_000_000), provider,
                date, BreakClass.MISSING_INTERNAL, 4321));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM breaks WHERE provider_id = ?", Long.class, provider) == 1);
        publishStatement(m.event());

        JsonNode list = awaitReports("?date=" + date + "&provider=" + provider, 3);
        for (JsonNode r : list) {
            assertThat(r.get("status").asString()).isEqualTo("DRAFT");
            assertThat(r.get("statementIds").get(0).asString()).isEqualTo(m.statementId());
        }
        Map<String, byte[]> files = new java.util.HashMap<>();
        for (JsonNode r : list) {
            Answer a = finance(r.get("href").asString());
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.header("X-Content-SHA256")).isEqualTo(r.get("sha256").asString())
                    .isEqualTo(HexFormat.of().formatHex(Hashing.sha256(a.body())));
            files.put(r.get("format").asString(), a.body());
        }

        List<List<String>> csv = io.clearhouse.reporting.report.CsvParsing.parse(
                new String(files.get("CSV"), StandardCharsets.UTF_8));
        assertThat(csv).anySatisfy(row -> assertThat(row.subList(11, 14)).containsExactly("total_payable", "USD", "341.84"));
        assertThat(csv).anySatisfy(row -> assertThat(row.subList(11, 15))
                .containsExactly("OPEN", "USD", "43.21", "1"));
        assertThat(csv).allSatisfy(row -> assertThat(row.get(1)).isIn("report_status", "DRAFT"));

        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(files.get("XLSX")))) {
            Cell total = wb.getSheet("Summary").getRow(1).getCell(10);
            assertThat(total.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(BigDecimal.valueOf(total.getNumericCellValue()).setScale(2)).isEqualByComparingTo("341.84");
            Sheet own = wb.getSheet(provider);
            assertThat(BigDecimal.valueOf(own.getRow(2).getCell(18).getNumericCellValue()).setScale(2))
                    .isEqualByComparingTo("200.00");
        }
        try (PDDocument pdf = Loader.loadPDF(files.get("PDF"))) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Total payable 341.84 USD").contains(m.event().sha256())
                    .contains("- DRAFT").contains("MISSING_INTERNAL OPEN USD 1 43.21");
        }

        JsonNode consolidated = financeJson("/v1/reports?date=" + date + "&status=DRAFT");
        assertThat(consolidated).anySatisfy(r -> assertThat(r.get("scope").asString()).isEqualTo("CONSOLIDATED"));
    }

    @Test
    void regeneratingIdenticalInputsGivesTheSameBytesAndNoSecondArchive() throws Exception {
        String provider = uniqueProvider("same");
        LocalDate date = uniqueDate();
        publishStatement(statement().provider(provider).date(date).event());
        JsonNode archived = awaitReports("?date=" + date + "&provider=" + provider + "&status=DRAFT", 3);
        long before = jdbc.queryForObject("SELECT count(*) FROM reports WHERE business_date = ?", Long.class, date);

        for (String format : List.of("csv", "xlsx", "pdf")) {
            Answer one = finance("/v1/reports/daily-settlement?date=" + date + "&provider=" + provider + "&format=" + format);
            Answer two = finance("/v1/reports/daily-settlement?date=" + date + "&provider=" + provider + "&format=" + format);
            assertThat(one.status()).isEqualTo(200);
            assertThat(two.body()).isEqualTo(one.body());
            assertThat(two.header("X-Report-Id")).isEqualTo(one.header("X-Report-Id"));
            JsonNode match = null;
            for (JsonNode r : archived) {
                if (r.get("format").asString().equalsIgnoreCase(format)) {
                    match = r;
                }
            }
            assertThat(match).isNotNull();
            assertThat(one.header("X-Content-SHA256")).isEqualTo(match.get("sha256").asString());
            assertThat(one.header("Content-Disposition")).contains("daily-settlement-" + date + "-" + provider + "-draft.");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reports WHERE business_date = ?", Long.class, date))
                .isEqualTo(before);
    }

    @Test
    void anApprovedEventMakesFinalReportsWithTheApprovalTrail() throws Exception {
        String provider = uniqueProvider("final");
        LocalDate date = uniqueDate();
        StatementMother draft = statement().provider(provider).date(date);
        publishStatement(draft.event());
        awaitReports("?date=" + date + "&provider=" + provider + "&status=DRAFT", 3);
        publishStatement(statement().provider(provider).date(date)
                .approved("finance-2", Instant.parse("2026-03-03T09:15:00Z")).event());

        JsonNode finals = awaitReports("?date=" + date + "&provider=" + provider + "&status=FINAL", 3);
        JsonNode pdf = null;
        for (JsonNode r : finals) {
            if ("PDF".equals(r.get("format").asString())) {
                pdf = r;
            }
        }
        Answer a = finance(pdf.get("href").asString());
        try (PDDocument doc = Loader.loadPDF(a.body())) {
            assertThat(new PDFTextStripper().getText(doc)).contains("- FINAL")
                    .contains("Approved by finance-2 at 2026-03-03T09:15:00Z").contains("Status APPROVED");
        }
        assertThat(financeJson("/v1/reports?date=" + date + "&status=FINAL")).anySatisfy(r ->
                assertThat(r.get("scope").asString()).isEqualTo("CONSOLIDATED"));
    }

    @Test
    void aProviderReadsOnlyItsOwnFinalPerProviderReports() throws Exception {
        String mine = uniqueProvider("mine");
        String other = uniqueProvider("other");
        LocalDate date = uniqueDate();
        publishStatement(statement().provider(mine).date(date).event());
        publishStatement(statement().provider(other).date(date)
                .approved("finance-2", Instant.parse("2026-03-03T09:15:00Z")).event());
        awaitReports("?date=" + date + "&provider=" + other + "&status=FINAL", 3);
        awaitReports("?date=" + date + "&provider=" + mine + "&status=DRAFT", 3);
        String path = "/v1/reports/daily-settlement?date=" + date + "&format=pdf";

        assertThat(get(path, "p-mine", "PROVIDER", mine).status()).as("own DRAFT").isEqualTo(404);
        assertThat(get(path + "&provider=" + other, "p-mine", "PROVIDER", mine).status()).as("another's").isEqualTo(404);
        assertThat(get(path, "p-other", "PROVIDER", other).status()).as("own FINAL").isEqualTo(200);
        assertThat(get("/v1/reports?date=" + date, "p-mine", "PROVIDER", mine).body()).asString().isEqualTo("[]");
        JsonNode visible = json.readTree(get("/v1/reports?date=" + date, "p-other", "PROVIDER", other).body());
        assertThat(visible).hasSize(3).allSatisfy(r -> {
            assertThat(r.get("providerId").asString()).isEqualTo(other);
            assertThat(r.get("status").asString()).isEqualTo("FINAL");
        });
        for (JsonNode r : financeJson("/v1/reports?date=" + date)) {
            boolean allowed = other.equals(r.path("providerId").asString(null)) && "FINAL".equals(r.get("status").asString());
            assertThat(get(r.get("href").asString(), "p-other", "PROVIDER", other).status())
                    .as(r.toString()).isEqualTo(allowed ? 200 : 404);
        }
        assertThat(get("/v1/reports/transactions?date=" + date, "p-other", "PROVIDER", other).status()).isEqualTo(403);
        assertThat(get(path, "ops", "OPERATOR", null).status()).isEqualTo(403);
        assertThat(get(path, null, null, null).status()).isEqualTo(401);
        assertThat(get(path, "auditor-1", "AUDITOR", null).status()).isEqualTo(200);
    }

    @Test
    void anInjectedFormulaAsProviderAndPreparerIsEscapedInCsvAndXlsx() throws Exception {
        String provider = FORMULA + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
        LocalDate date = uniqueDate();
        publishStatement(statement().provider(provider).date(date).preparedBy("@SUM(1+1)*cmd").event());
        awaitReports("?date=" + date + "&status=DRAFT", 6);
        String q = "/v1/reports/daily-settlement?date=" + date + "&provider="
                + java.net.URLEncoder.encode(provider, StandardCharsets.UTF_8);
        String csv = finance(q + "&format=csv").text();
        assertThat(csv).contains("'" + FORMULA.replace("\"", "\"\"")).contains("'@SUM(1+1)*cmd");
        for (List<String> row : io.clearhouse.reporting.report.CsvParsing.parse(csv)) {
            assertThat(row).noneMatch(f -> f.startsWith("=") || f.startsWith("@") || f.startsWith("+"));
        }
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(finance(q + "&format=xlsx").body()))) {
            for (Sheet sheet : wb) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        assertThat(cell.getCellType()).isNotEqualTo(CellType.FORMULA);
                        if (cell.getCellType() == CellType.STRING) {
                            assertThat(cell.getStringCellValue()).doesNotStartWith("=").doesNotStartWith("@");
                        }
                    }
                }
            }
            assertThat(wb.getSheetAt(0).getRow(1).getCell(0).getStringCellValue()).isEqualTo("'" + provider);
        }
    }

    @Test
    void badParametersAreProblemsNamingTheField() throws Exception {
        assertProblem(finance("/v1/reports/daily-settlement?date=2026-03-02&format=doc"), "format");
        assertProblem(finance("/v1/reports/daily-settlement?format=pdf"), "date");
        assertProblem(finance("/v1/reports/daily-settlement?date=02.03.2026&format=pdf"), "date");
        assertProblem(finance("/v1/reports/daily-settlement?date=1999-12-31&format=pdf"), "date");
        assertProblem(finance("/v1/reports?limit=1000"), "limit");
        assertProblem(finance("/v1/reports?status=MAYBE"), "status");
        assertProblem(finance("/v1/reports/transactions"), "date");
        assertProblem(finance("/v1/reports/daily-settlement?date=2026-03-02&format=pdf&provider=" + "p".repeat(200)),
                "provider");
        Answer none = finance("/v1/reports/daily-settlement?date=" + uniqueDate() + "&format=pdf");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
    }

    private void assertProblem(Answer a, String field) throws Exception {
        assertThat(a.status()).as(a.text()).isEqualTo(400);
        assertThat(a.header("Content-Type")).startsWith("application/problem+json");
        JsonNode p = json.readTree(a.body());
        assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    private JsonNode awaitReports(String query, int atLeast) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            found[0] = financeJson("/v1/reports" + query);
            assertThat(found[0].size()).isGreaterThanOrEqualTo(atLeast);
        });
        return found[0];
    }
}
