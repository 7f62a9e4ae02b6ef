package io.clearhouse.console.overview;

import static io.clearhouse.console.gateway.GatewayHttp.uri;

import io.clearhouse.console.gateway.GatewayHttp;
import io.clearhouse.console.gateway.GatewayProblem;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The read-only figures of the home page and the provider drill-down: reporting's GraphQL read models
 * (FINANCE, AUDITOR, PROVIDER), ingest's summary (OPERATOR, AUDITOR) and the queues' totals (one
 * {@code size=1} page each: the total, not the rows).
 */
@Component
class OverviewClient {

    /** Daily activity rows read at most (one GraphQL page; the schema allows 200). */
    static final int ACTIVITY_MAX = 200;

    private static final String ACTIVITY = """
            query($from: String!, $to: String!, $providerId: String, $first: Int) {
              dailyActivity(from: $from, to: $to, providerId: $providerId, first: $first) {
                edges { node { businessDate providerId brandId currency gameType betCount bets winCount wins
                               rollbackCount rollbacks jackpotWins freeRoundWins adjustments } }
                pageInfo { hasNextPage }
              }
            }""";

    private final GatewayHttp http;

    OverviewClient(GatewayHttp http) {
        this.http = http;
    }

    /** One page of daily activity; {@code truncated} says there was more. */
    record Activity(List<Map<String, Object>> rows, boolean truncated) {
    }

    @SuppressWarnings("unchecked")
    Activity activity(LocalDate from, LocalDate to, String providerId) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("from", from.toString());
        vars.put("to", to.toString());
        vars.put("providerId", providerId);
        vars.put("first", ACTIVITY_MAX);
        Map<String, Object> answer = http.post(uri("/graphql", Map.of(), Map.of()), Map.of("query", ACTIVITY, "variables", vars));
        if (answer == null || answer.get("errors") instanceof List<?> errors && !errors.isEmpty()) {
            Object first = answer == null ? null : ((List<?>) answer.get("errors")).get(0);
            String message = first instanceof Map<?, ?> m ? String.valueOf(m.get("message")) : "no answer";
            throw new GatewayProblem.Refused(new GatewayProblem(502, "Reporting refused the query", message, List.of()));
        }
        Map<String, Object> conn = (Map<String, Object>) ((Map<String, Object>) answer.get("data")).get("dailyActivity");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object edge : (List<Object>) conn.get("edges")) {
            rows.add((Map<String, Object>) ((Map<String, Object>) edge).get("node"));
        }
        boolean more = Boolean.TRUE.equals(((Map<String, Object>) conn.get("pageInfo")).get("hasNextPage"));
        return new Activity(rows, more);
    }

    /** Ingest's all-time totals per provider and currency: every provider's, or one's ({@code providerId}). */
    List<Map<String, Object>> ingestSummary(String providerId) {
        Map<String, Object> q = new HashMap<>();
        q.put("providerId", providerId);
        return http.getList(uri("/v1/ingest/summary", Map.of(), q));
    }

    /** The total of a paged queue ({@code breaks}, {@code ingest exceptions}, {@code anomalies}) for a status. */
    long total(String path, String status, String providerId) {
        Map<String, Object> q = new HashMap<>();
        q.put("status", status);
        q.put("providerId", providerId);
        q.put("size", 1);
        Map<String, Object> page = http.getObject(uri(path, Map.of(), q));
        return page != null && page.get("total") instanceof Number n ? n.longValue() : 0;
    }

    /** A bounded page of a queue's rows. */
    Map<String, Object> page(String path, String status, String providerId, int size) {
        Map<String, Object> q = new HashMap<>();
        q.put("status", status);
        q.put("providerId", providerId);
        q.put("size", size);
        return http.getObject(uri(path, Map.of(), q));
    }

    /** @param day null, or the business date the statements' periods must hold */
    List<Map<String, Object>> statements(String status, String providerId, LocalDate day, int limit) {
        Map<String, Object> q = new HashMap<>();
        q.put("status", status);
        q.put("providerId", providerId);
        q.put("from", day);
        q.put("to", day);
        q.put("limit", limit);
        return http.getList(uri("/v1/statements", Map.of(), q));
    }

    List<Map<String, Object>> reports(LocalDate date, String providerId, int limit) {
        Map<String, Object> q = new HashMap<>();
        q.put("date", date.toString());
        q.put("provider", providerId);
        q.put("limit", limit);
        return http.getList(uri("/v1/reports", Map.of(), q));
    }
}
