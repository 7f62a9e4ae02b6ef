package io.clearhouse.launcher.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboards as Grafana's dashboard model requires them (Grafana itself cannot be installed on
 * these machines; their PromQL is proven against a real Prometheus by ObservabilityIT): a stable uid and
 * title, unique panel ids with a grid position, every query on the provisioned datasource uid, the provider
 * drill-down's variables, and links that lead to a dashboard that exists.
 */
class DashboardsTest {

    private static final String DATASOURCE_UID = "clearhouse-prometheus";
    private static final Path DIR = OpsTools.ops().resolve("grafana/dashboards");

    @Test
    void thereAreTheThreeBoardsAnOperatorNeeds() throws Exception {
        Set<String> uids = new HashSet<>();
        for (Path p : PromQlSources.dashboards(DIR)) {
            uids.add(PromQlSources.read(p).path("uid").asString());
        }
        assertThat(uids).contains("clearhouse-overview", "clearhouse-provider", "clearhouse-settlement");
    }

    @Test
    void everyDashboardFollowsGrafanasModelAndQueriesTheProvisionedDatasource() throws Exception {
        Set<String> uids = new HashSet<>();
        for (Path p : PromQlSources.dashboards(DIR)) {
            JsonNode d = PromQlSources.read(p);
            String name = p.getFileName().toString();
            assertThat(d.path("uid").asString()).as(name + " uid").matches("[a-z0-9-]{1,40}");
            assertThat(uids.add(d.path("uid").asString())).as(name + " uid unique").isTrue();
            assertThat(d.path("title").asString()).as(name + " title").isNotBlank();
            assertThat(d.path("schemaVersion").asInt()).as(name + " schemaVersion").isGreaterThanOrEqualTo(36);
            assertThat(d.path("panels").isArray()).as(name + " panels").isTrue();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : PromQlSources.panels(d)) {
                String where = name + " / " + panel.path("title").asString();
                assertThat(ids.add(panel.path("id").asInt())).as(where + " id unique").isTrue();
                assertThat(panel.path("type").asString()).as(where + " type")
                        .isIn("row", "timeseries", "stat", "bargauge", "table", "gauge");
                JsonNode grid = panel.path("gridPos");
                assertThat(grid.path("w").asInt()).as(where + " width").isBetween(1, 24);
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(where + " fits the grid").isLessThanOrEqualTo(24);
                assertThat(grid.path("h").asInt()).as(where + " height").isPositive();
                if ("row".equals(panel.path("type").asString())) {
                    continue;
                }
                assertThat(panel.path("datasource").path("uid").asString()).as(where + " datasource")
                        .isEqualTo(DATASOURCE_UID);
                assertThat(panel.path("targets")).as(where + " targets").isNotEmpty();
                Set<String> refIds = new HashSet<>();
                for (JsonNode t : panel.path("targets")) {
                    assertThat(t.path("expr").asString()).as(where + " expr").isNotBlank();
                    assertThat(t.path("datasource").path("uid").asString()).as(where + " target datasource")
                            .isEqualTo(DATASOURCE_UID);
                    assertThat(refIds.add(t.path("refId").asString())).as(where + " refId unique").isTrue();
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                assertThat(v.path("datasource").path("uid").asString()).as(name + " variable " + v.path("name"))
                        .isEqualTo(DATASOURCE_UID);
            }
        }
    }

    @Test
    void theProviderDrillDownFiltersByProviderBrandCurrencyAndGameTypeInEveryFlowPanel() throws Exception {
        JsonNode d = PromQlSources.read(DIR.resolve("clearhouse-provider.json"));
        List<String> variables = new ArrayList<>();
        d.path("templating").path("list").forEach(v -> variables.add(v.path("name").asString()));
        assertThat(variables).containsExactly("provider", "brand", "currency", "game_type");
        for (PromQlSources.Expression e : PromQlSources.dashboardExpressions(DIR.resolve("clearhouse-provider.json"))) {
            if (e.promql().contains("clearhouse_ingest_recorded_") && !e.where().contains("variable")) {
                assertThat(e.promql()).as(e.where()).contains("provider=~\"$provider\"", "brand=~\"$brand\"",
                        "currency=~\"$currency\"", "game_type=~\"$game_type\"");
            }
        }
    }

    @Test
    void panelsOfTheOtherBoardsLinkToTheDrillDownAndEveryLinkLeadsToABoardThatExists() throws Exception {
        Set<String> uids = new HashSet<>();
        List<JsonNode> boards = new ArrayList<>();
        for (Path p : PromQlSources.dashboards(DIR)) {
            JsonNode d = PromQlSources.read(p);
            uids.add(d.path("uid").asString());
            boards.add(d);
        }
        for (JsonNode d : boards) {
            int drillLinks = 0;
            List<String> urls = new ArrayList<>();
            d.path("links").forEach(l -> urls.add(l.path("url").asString()));
            for (JsonNode panel : PromQlSources.panels(d)) {
                for (JsonNode l : panel.path("fieldConfig").path("defaults").path("links")) {
                    urls.add(l.path("url").asString());
                    if (l.path("url").asString().startsWith("/d/clearhouse-provider/")) {
                        assertThat(l.path("url").asString()).contains("var-provider=${__field.labels.provider}");
                        drillLinks++;
                    }
                }
            }
            for (String url : urls) {
                assertThat(url).as(d.path("title").asString()).startsWith("/d/");
                assertThat(uids).as(url).contains(url.split("/")[2]);
            }
            if (!"clearhouse-provider".equals(d.path("uid").asString())) {
                assertThat(drillLinks).as(d.path("title").asString() + " panels linking to the drill-down").isPositive();
            }
        }
    }

    @Test
    void addingBoolToTopLevelComparisonsLeavesMatchersAndNestedComparisonsAlone() {
        assertThat(PromQlSources.withBoolComparisons("up{service=~\"a|b\"} == 0")).isEqualTo("up{service=~\"a|b\"} == bool 0");
        assertThat(PromQlSources.withBoolComparisons("sum(x) > 0 and sum(y{a!=\"b\"}) <= 3"))
                .isEqualTo("sum(x) > bool 0 and sum(y{a!=\"b\"}) <= bool 3");
        assertThat(PromQlSources.withBoolComparisons("(max(x) or vector(0)) >= 1")).isEqualTo("(max(x) or vector(0)) >= bool 1");
        assertThat(PromQlSources.withBoolComparisons("sum(x)")).isEqualTo("sum(x)");
    }
}
