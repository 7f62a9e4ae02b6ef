package io.clearhouse.console.statement;

import static io.clearhouse.console.gateway.GatewayHttp.uri;

import io.clearhouse.console.gateway.GatewayHttp;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Settlement's statements ({@code /v1/statements}) and reporting's archived reports ({@code /v1/reports}). */
@Component
class StatementClient {

    /** Statements listed at most (settlement allows 1000). */
    static final int LIST_MAX = 200;
    /** Reports listed at most. */
    static final int REPORTS_MAX = 100;

    private final GatewayHttp http;

    StatementClient(GatewayHttp http) {
        this.http = http;
    }

    /** @param day null, or the business date the statements' periods must hold */
    List<Map<String, Object>> statements(String status, String providerId, String day, int limit) {
        Map<String, Object> q = new HashMap<>();
        q.put("status", status);
        q.put("providerId", providerId);
        q.put("from", day);
        q.put("to", day);
        q.put("limit", Math.min(limit, LIST_MAX));
        return http.getList(uri("/v1/statements", Map.of(), q));
    }

    /** The statement's state and its document (lines, carry-forward, MG, aggregator fee, totals). */
    Map<String, Object> statement(String id) {
        return http.getObject(uri("/v1/statements/{id}", Map.of("id", id), Map.of()));
    }

    Map<String, Object> explain(String id, int line) {
        return http.getObject(uri("/v1/statements/{id}/lines/{line}/explain", Map.of("id", id, "line", line), Map.of()));
    }

    /** Body {@code {reason}}: settlement refuses the person who prepared this version (403 four-eyes). */
    void approve(String id, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason);
        http.post(uri("/v1/statements/{id}/approve", Map.of("id", id), Map.of()), body);
    }

    /** Body {@code {paymentReference, reason}}: only an APPROVED statement. */
    void pay(String id, String paymentReference, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("paymentReference", paymentReference);
        body.put("reason", reason);
        http.post(uri("/v1/statements/{id}/pay", Map.of("id", id), Map.of()), body);
    }

    /** The canonical JSON document exactly as hashed. */
    void document(String id, HttpServletResponse browser) {
        http.download(uri("/v1/statements/{id}/document", Map.of("id", id), Map.of()), browser);
    }

    List<Map<String, Object>> reports(String date, String provider, String status, int limit) {
        Map<String, Object> q = new HashMap<>();
        q.put("date", date);
        q.put("provider", provider);
        q.put("status", status);
        q.put("limit", Math.min(limit, REPORTS_MAX));
        return http.getList(uri("/v1/reports", Map.of(), q));
    }

    void report(long id, HttpServletResponse browser) {
        http.download(uri("/v1/reports/{id}", Map.of("id", id), Map.of()), browser);
    }

    /** The daily settlement report rendered now, in CSV, XLSX or PDF. */
    void dailyReport(String date, String provider, String format, HttpServletResponse browser) {
        Map<String, Object> q = new HashMap<>();
        q.put("date", date);
        q.put("provider", provider);
        q.put("format", format);
        http.download(uri("/v1/reports/daily-settlement", Map.of(), q), browser);
    }
}
