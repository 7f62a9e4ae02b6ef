package io.clearhouse.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportsStepTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode list(String json) {
        return JSON.readTree(json);
    }

    @Test
    void keepsTheNewestReportOfEachProviderAndFormatAndTheConsolidatedUnderItsOwnKey() {
        JsonNode archive = list("""
                [{"id":9,"scope":"PROVIDER","providerId":"nova-slots","format":"PDF","sha256":"c"},
                 {"id":8,"scope":"CONSOLIDATED","providerId":null,"format":"XLSX","sha256":"b"},
                 {"id":5,"scope":"PROVIDER","providerId":"nova-slots","format":"PDF","sha256":"a"}]""");

        Map<String, JsonNode> latest = ReportsStep.latestByReport(archive);

        assertThat(latest).containsOnlyKeys("nova-slots/PDF", "consolidated/XLSX");
        assertThat(latest.get("nova-slots/PDF").get("id").asLong()).isEqualTo(9);
        assertThat(latest.get("consolidated/XLSX").get("id").asLong()).isEqualTo(8);
    }

    @Test
    void namesEveryProvidersAndTheConsolidatedFormatStillMissing() {
        JsonNode archive = list("""
                [{"id":1,"scope":"PROVIDER","providerId":"a","format":"CSV"},
                 {"id":2,"scope":"PROVIDER","providerId":"a","format":"XLSX"},
                 {"id":3,"scope":"PROVIDER","providerId":"a","format":"PDF"},
                 {"id":4,"scope":"CONSOLIDATED","format":"PDF"}]""");

        assertThat(ReportsStep.missing(ReportsStep.latestByReport(archive), Set.of("a", "b"))).containsExactly(
                "b/CSV", "b/XLSX", "b/PDF", "consolidated/CSV", "consolidated/XLSX");
    }

    @Test
    void nothingIsMissingOnceAllThreeFormatsOfEveryScopeAreArchived() {
        StringBuilder json = new StringBuilder("[");
        int id = 0;
        for (String scope : new String[] {"a", "b", null}) {
            for (String f : ReportsStep.FORMATS) {
                json.append(id == 0 ? "" : ",").append("{\"id\":").append(++id).append(",\"scope\":\"")
                        .append(scope == null ? "CONSOLIDATED" : "PROVIDER").append("\",\"providerId\":")
                        .append(scope == null ? "null" : "\"" + scope + "\"").append(",\"format\":\"").append(f)
                        .append("\"}");
            }
        }
        json.append("]");

        assertThat(ReportsStep.missing(ReportsStep.latestByReport(list(json.toString())), Set.of("a", "b"))).isEmpty();
    }

    @Test
    void theLocalFileNameIsMadeFromTheDateScopeAndFormatAndCannotLeaveTheFolder() {
        LocalDate day = LocalDate.of(2026, 12, 1);

        assertThat(ReportsStep.fileName(day, "nova-slots", "XLSX")).isEqualTo("daily-settlement-2026-12-01-nova-slots.xlsx");
        assertThat(ReportsStep.fileName(day, ReportsStep.CONSOLIDATED, "PDF"))
                .isEqualTo("daily-settlement-2026-12-01-consolidated.pdf");
        assertThat(ReportsStep.fileName(day, "../../etc/x", "PDF")).doesNotContain("/").doesNotContain("..");
    }

    @Test
    void sha256IsTheLowercaseHexDigestOfTheBytes() {
        assertThat(ReportsStep.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
