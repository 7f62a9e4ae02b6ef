package io.clearhouse.console.queue;

import static io.clearhouse.console.gateway.GatewayHttp.uri;

import io.clearhouse.console.gateway.GatewayHttp;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The two queues' gateway calls: reconciliation breaks ({@code /v1/reconciliation/exceptions}) and
 * ingest exceptions ({@code /v1/ingest/exceptions}). Each service records the person as actor.
 */
@Component
class QueueClient {

    /** Rows per page: the services allow more, a page on a phone does not. */
    static final int PAGE_SIZE_MAX = 100;

    static final String BREAKS = "/v1/reconciliation/exceptions";
    static final String INGEST = "/v1/ingest/exceptions";

    private final GatewayHttp http;

    QueueClient(GatewayHttp http) {
        this.http = http;
    }

    /** A queue's filter; nulls are left out. */
    record Filter(String providerId, String kind, String status, String assignee, int page, int size) {
    }

    Map<String, Object> breaks(Filter f) {
        Map<String, Object> q = query(f);
        q.put("class", f.kind());
        return http.getObject(uri(BREAKS, Map.of(), q));
    }

    Map<String, Object> ingestExceptions(Filter f) {
        Map<String, Object> q = query(f);
        q.put("kind", f.kind());
        return http.getObject(uri(INGEST, Map.of(), q));
    }

    /** {@code {exception, comments}}. */
    Map<String, Object> one(String queue, long id) {
        return http.getObject(uri(queue + "/{id}", Map.of("id", id), Map.of()));
    }

    void assign(String queue, long id, String assignee, String note) {
        Map<String, Object> body = new HashMap<>();
        body.put("assignee", assignee);
        body.put("note", note);
        http.post(uri(queue + "/{id}/assign", Map.of("id", id), Map.of()), body);
    }

    void comment(String queue, long id, String text) {
        http.post(uri(queue + "/{id}/comments", Map.of("id", id), Map.of()), Map.of("text", text));
    }

    /** Ingest takes an optional {@code amount} (POST_CORRECTION); reconciliation ignores it. */
    void resolve(String queue, long id, String resolution, String note, String amount) {
        Map<String, Object> body = new HashMap<>();
        body.put("resolution", resolution);
        body.put("note", note);
        if (amount != null && INGEST.equals(queue)) {
            body.put("amount", amount);
        }
        http.post(uri(queue + "/{id}/resolve", Map.of("id", id), Map.of()), body);
    }

    /** FINANCE's decision on a pending write-off or ACCEPT_PROVIDER: reconciliation refuses the proposer. */
    void approve(long id, boolean approved, String note) {
        Map<String, Object> body = new HashMap<>();
        body.put("approved", approved);
        body.put("note", note);
        http.post(uri(BREAKS + "/{id}/approval", Map.of("id", id), Map.of()), body);
    }

    private static Map<String, Object> query(Filter f) {
        Map<String, Object> q = new HashMap<>();
        q.put("providerId", f.providerId());
        q.put("status", f.status());
        q.put("assignee", f.assignee());
        q.put("page", f.page());
        q.put("size", f.size());
        q.put("sort", "id,desc");
        return q;
    }
}
