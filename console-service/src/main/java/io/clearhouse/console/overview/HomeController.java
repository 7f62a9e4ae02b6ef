package io.clearhouse.console.overview;

import io.clearhouse.console.gateway.Actions;
import io.clearhouse.console.gateway.GatewayCalls;
import io.clearhouse.console.gateway.GatewayProblem;
import io.clearhouse.console.gateway.Tiles;
import io.clearhouse.console.signin.Person;
import io.clearhouse.console.signin.Role.Area;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Today at a glance ({@code /}) and the provider drill-down ({@code /providers/{id}}). Each tile is
 * read only when the person's role may read it; a tile whose call is refused shows the refusal and
 * the rest of the page still renders. A bounded number of calls per page, none per row. "Today" is the
 * UTC date, as the services' business dates default to it.
 */
@Controller
class HomeController {

    private static final String BREAKS = "/v1/reconciliation/exceptions";
    private static final String INGEST = "/v1/ingest/exceptions";
    private static final String ANOMALIES = "/v1/anomalies";
    /** Statements of one closed day counted at most (one settlement page). */
    static final int CLOSES_MAX = 1_000;
    /** Rows of each list on the drill-down. */
    private static final int DRILL_ROWS = 20;
    /** Days of activity on the drill-down by default, and at most. */
    private static final int DAYS_DEFAULT = 7;
    private static final int DAYS_MAX = 31;

    private final OverviewClient client;
    private final Clock clock;

    private final GatewayCalls calls;

    HomeController(OverviewClient client, Clock clock, GatewayCalls calls) {
        this.client = client;
        this.clock = clock;
        this.calls = calls;
    }

    @GetMapping("/")
    String home(@ModelAttribute("me") Person me, Model model) {
        LocalDate today = LocalDate.now(clock);
        String own = me.providerId();
        Map<String, GatewayProblem> unavailable = new LinkedHashMap<>();
        model.addAttribute("today", today);
        model.addAttribute("unavailable", unavailable);
        try (Tiles tiles = calls.tiles()) {
            if (me.role().may(Area.ACTIVITY)) {
                tiles.read("activity", () -> {
                    OverviewClient.Activity a = client.activity(today, today, own);
                    return Map.of("rows", Figures.sum(a.rows(), List.of("currency")), "truncated", a.truncated());
                });
            }
            if (me.role().may(Area.INGEST_SUMMARY)) {
                tiles.read("ingest", () -> client.ingestSummary(null));
            }
            if (me.role().may(Area.BREAKS)) {
                tiles.read("openBreaks", () -> client.total(BREAKS, "OPEN", null));
                tiles.read("pendingApproval", () -> client.total(BREAKS, "PENDING_APPROVAL", null));
            }
            if (me.role().may(Area.INGEST_EXCEPTIONS)) {
                tiles.read("openExceptions", () -> client.total(INGEST, "OPEN", null));
            }
            if (me.role().may(Area.ANOMALIES)) {
                tiles.read("openAnomalies", () -> client.total(ANOMALIES, "OPEN", null));
            }
            if (me.role().may(Area.STATEMENTS)) {
                String state = me.isProvider() ? "APPROVED" : "DRAFT";
                model.addAttribute("statementState", state);
                tiles.read("statements", () -> client.statements(state, own, null, DRILL_ROWS));
                if (!me.isProvider()) {
                    // the closes of the day: every statement (any state) whose period holds yesterday, the day
                    // the automatic close settled this morning
                    LocalDate closed = today.minusDays(1);
                    model.addAttribute("closedDay", closed);
                    tiles.read("closes", () -> closes(client.statements(null, null, closed, CLOSES_MAX)));
                }
            }
            if (me.role().may(Area.REPORTS)) {
                tiles.read("reports", () -> client.reports(today, own, DRILL_ROWS));
            }
            tiles.into(model, unavailable);
        }
        return "home";
    }

    /** The closed day's statements: how many, and how many in each state (SUPERSEDED versions left out). */
    static Map<String, Object> closes(List<Map<String, Object>> statements) {
        Map<String, Long> byState = new TreeMap<>();
        statements.stream().map(s -> String.valueOf(s.get("status"))).filter(st -> !"SUPERSEDED".equals(st))
                .forEach(st -> byState.merge(st, 1L, Long::sum));
        return Map.of("total", byState.values().stream().mapToLong(Long::longValue).sum(), "byState", byState);
    }

    @GetMapping("/providers/{id}")
    String provider(@PathVariable String id, @RequestParam(required = false) Integer days,
                    @ModelAttribute("me") Person me, Model model) {
        String providerId = Actions.id("provider", id);
        if (me.isProvider() && !providerId.equals(me.providerId())) {
            throw new GatewayProblem.Refused(new GatewayProblem(403, "Forbidden",
                    "You can see only your own provider.", List.of()));
        }
        int n = Actions.size(days, DAYS_DEFAULT, DAYS_MAX);
        LocalDate to = LocalDate.now(clock);
        LocalDate from = to.minusDays(n - 1L);
        Map<String, GatewayProblem> unavailable = new LinkedHashMap<>();
        model.addAttribute("providerId", providerId);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("days", n);
        model.addAttribute("unavailable", unavailable);
        try (Tiles tiles = calls.tiles()) {
            if (me.role().may(Area.ACTIVITY)) {
                tiles.read("activity", () -> {
                    OverviewClient.Activity a = client.activity(from, to, providerId);
                    return Map.of(
                            "byDay", Figures.sum(a.rows(), List.of("businessDate", "brandId", "currency", "gameType")),
                            "byBrand", Figures.sum(a.rows(), List.of("brandId", "currency")),
                            "byGame", Figures.sum(a.rows(), List.of("gameType", "currency")),
                            "truncated", a.truncated());
                });
            }
            if (me.role().may(Area.INGEST_SUMMARY)) {
                // that provider's part of the ledger only, not every provider's
                tiles.read("ingest", () -> client.ingestSummary(providerId).stream()
                        .filter(r -> providerId.equals(r.get("providerId"))).toList());
            }
            if (me.role().may(Area.STATEMENTS)) {
                tiles.read("statements", () -> client.statements(null, providerId, null, DRILL_ROWS));
            }
            if (me.role().may(Area.BREAKS)) {
                tiles.read("breaks", () -> client.page(BREAKS, "OPEN", providerId, DRILL_ROWS));
            }
            if (me.role().may(Area.ANOMALIES)) {
                tiles.read("anomalies", () -> client.page(ANOMALIES, "OPEN", providerId, DRILL_ROWS));
            }
            tiles.into(model, unavailable);
        }
        return "provider";
    }
}
