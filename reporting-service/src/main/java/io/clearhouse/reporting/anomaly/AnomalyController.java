package io.clearhouse.reporting.anomaly;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import io.clearhouse.support.problem.RequestParams;
import static io.clearhouse.support.problem.RequestParams.bounded;
import static io.clearhouse.support.problem.RequestParams.code;
import static io.clearhouse.support.problem.RequestParams.enumOf;
import static io.clearhouse.support.problem.RequestParams.window;
import io.clearhouse.support.queue.Page;
import io.clearhouse.support.queue.Paging;
import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/anomalies} (OPERATOR, AUDITOR): newest first, filtered by provider, game type, kind,
 * status and a window on the interval start ({@code from} inclusive, {@code to} exclusive, RFC 3339, at
 * most 366 days apart); {@code size} 1-200 (default 50), {@code page} 0-1000. {@code GET /v1/anomalies/{id}}.
 * {@code POST /v1/anomalies/{id}/acknowledge} (OPERATOR) with a {@code reason}: audited with the actor.
 */
@RestController
@RequestMapping("/v1/anomalies")
class AnomalyController {

    static final int MAX_SIZE = 200;
    static final int MAX_PAGE = 1_000;
    static final int MAX_REASON = 2_000;
    static final int MAX_ID = 128;
    static final Duration MAX_WINDOW = Duration.ofDays(366);

    record AcknowledgeRequest(String reason) {
    }

    private final AnomalyStore store;
    private final AnomalyDesk desk;

    AnomalyController(AnomalyStore store, AnomalyDesk desk) {
        this.store = store;
        this.desk = desk;
    }

    @GetMapping
    Page<AnomalyView> list(@RequestParam(required = false) String providerId,
                           @RequestParam(required = false) String gameType,
                           @RequestParam(required = false) String kind,
                           @RequestParam(required = false) String status,
                           @RequestParam(required = false) String from,
                           @RequestParam(required = false) String to,
                           @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "50") int size,
                           Caller caller) {
        caller.require(Role.OPERATOR, Role.AUDITOR);
        Paging.size(size, MAX_SIZE);
        Paging.page(page, MAX_PAGE);
        bounded("providerId", providerId, MAX_ID);
        bounded("gameType", gameType, MAX_ID);
        RequestParams.Window started = window(from, to);
        if (started.from() != null && started.to() != null
                && Duration.between(started.from(), started.to()).compareTo(MAX_WINDOW) > 0) {
            throw new Problems.Invalid("to", "must be at most 366 days after from");
        }
        return store.list(new AnomalyStore.Filter(providerId, code(gameType), enumOf("kind", kind, AnomalyKind.class),
                enumOf("status", status, AnomalyStatus.class), started.from(), started.to()), page, size);
    }

    @GetMapping("/{id}")
    AnomalyView get(@PathVariable long id, Caller caller) {
        caller.require(Role.OPERATOR, Role.AUDITOR);
        return store.find(id).orElseThrow(() -> new Problems.NotFound("anomaly " + id + " not found"));
    }

    @PostMapping("/{id}/acknowledge")
    AnomalyView acknowledge(@PathVariable long id, @RequestBody(required = false) AcknowledgeRequest body,
                            Caller caller) {
        caller.require(Role.OPERATOR);
        String reason = body == null ? null : body.reason();
        if (reason == null || reason.isBlank()) {
            throw new Problems.Invalid("reason", "is required: say why the anomaly needs no (further) action");
        }
        bounded("reason", reason, MAX_REASON);
        return desk.acknowledge(id, reason.trim(), caller);
    }

}
