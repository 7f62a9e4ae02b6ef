package io.clearhouse.reconciliation.statement;

import io.clearhouse.common.problem.ProblemTypes;
import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.clearhouse.reconciliation.matching.RunQueue;
import io.clearhouse.reconciliation.matching.RunRepository;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import io.clearhouse.common.transaction.TransactionRules;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Statement upload (streamed: the body is read as a stream, never bound to a String or byte[])
 * and statement queries. PROVIDER uploads for its own provider; OPERATOR for the one it names.
 */
@RestController
@RequestMapping("/v1/reconciliation/statements")
class StatementController {

    private final StatementLoader loader;
    private final StatementRepository statements;
    private final RunRepository runs;
    private final RunQueue queue;
    private final ReconciliationProperties props;
    private final Clock clock;

    StatementController(StatementLoader loader, StatementRepository statements, RunRepository runs, RunQueue queue,
                        ReconciliationProperties props, Clock clock) {
        this.clock = clock;
        this.loader = loader;
        this.statements = statements;
        this.runs = runs;
        this.queue = queue;
        this.props = props;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> upload(
            @RequestParam(required = false) String providerId,
            @RequestParam(required = false) String format,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            HttpServletRequest request, Caller caller) throws IOException {
        String provider = caller.providerScope(providerId, Role.OPERATOR, Role.ADMIN);
        checkPeriod(from, to);
        StatementFormat statementFormat;
        try {
            statementFormat = StatementFormat.of(format, request.getContentType());
        } catch (IllegalArgumentException e) {
            throw new Problems.Invalid("format", e.getMessage());
        }
        if (!queue.hasCapacity()) {
            throw new Problems.Unavailable(ProblemTypes.BUSY,
                    "too many matching runs queued; retry later");
        }
        StatementLoader.Loaded loaded;
        try {
            loaded = loader.load(provider, statementFormat, request.getInputStream(), caller.actor(),
                    caller.requestId(), from, to);
        } catch (StatementRejectedException e) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("errors", e.errors());
            throw new Problems.Problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.STATEMENT_REJECTED,
                    "statement rejected: " + e.getMessage(), List.of(), props);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statement", loaded.statement());
        body.put("duplicate", loaded.duplicate());
        body.put("runId", loaded.runId());
        body.put("errors", loaded.errors());
        URI location = URI.create("/v1/reconciliation/statements/" + loaded.statement().id());
        return loaded.duplicate() ? ResponseEntity.ok().location(location).body(body)
                : ResponseEntity.created(location).body(body);
    }

    @GetMapping
    List<StatementView> list(@RequestParam(required = false) String providerId,
                             @RequestParam(defaultValue = "50") int limit, Caller caller) {
        String provider = caller.isStaff() ? providerId : caller.providerScope(providerId);
        return statements.list(provider, Math.max(1, Math.min(limit, props.maxPageSize())));
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable long id, Caller caller) {
        StatementView s = visible(id, caller);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statement", s);
        body.put("errors", statements.errors(id, props.maxErrorsReported()));
        body.put("runs", runs.forStatement(id));
        return body;
    }

    /** Re-runs the matching of a stored statement (idempotent: the exceptions it finds already exist). */
    @PostMapping("/{id}/runs")
    ResponseEntity<Map<String, Object>> rerun(@PathVariable long id, Caller caller) {
        caller.require(Role.OPERATOR, Role.ADMIN);
        StatementView s = statements.find(id).orElseThrow(() -> new Problems.NotFound("statement " + id + " not found"));
        if (!queue.hasCapacity()) {
            throw new Problems.Unavailable(ProblemTypes.BUSY,
                    "too many matching runs queued; retry later");
        }
        long runId = queue.enqueueNow(s.id(), s.providerId(), caller.actor(), caller.requestId());
        return ResponseEntity.accepted().location(URI.create("/v1/reconciliation/runs/" + runId))
                .body(Map.of("runId", runId));
    }

    /**
     * A declared period is bounded: at most {@code max-period-days} long (each day's unreported
     * transactions become breaks), not starting before the oldest transaction the platform accepts
     * ({@link TransactionRules#MAX_AGE}), and not ending after tomorrow (UTC; a day of slack for
     * providers ahead of UTC). A period derived from the lines is bounded by the loader.
     */
    private void checkPeriod(LocalDate from, LocalDate to) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate latest = today.plusDays(1);
        LocalDate earliest = today.minusDays(TransactionRules.MAX_AGE.toDays());
        if (from != null && from.isBefore(earliest)) {
            throw new Problems.Invalid("from", "must not be before " + earliest + " ("
                    + TransactionRules.MAX_AGE.toDays() + " days ago)");
        }
        if (from != null && from.isAfter(latest)) {
            throw new Problems.Invalid("from", "must not be after " + latest + " (tomorrow)");
        }
        if (to != null && to.isAfter(latest)) {
            throw new Problems.Invalid("to", "must not be after " + latest + " (tomorrow)");
        }
        if (to != null && to.isBefore(earliest)) {
            throw new Problems.Invalid("to", "must not be before " + earliest);
        }
        if (from != null && to != null) {
            if (from.isAfter(to)) {
                throw new Problems.Invalid("to", "must not be before from (" + from + ")");
            }
            long days = ChronoUnit.DAYS.between(from, to) + 1;
            if (days > props.maxPeriodDays()) {
                throw new Problems.Invalid("to", "the period is " + days + " days: at most "
                        + props.maxPeriodDays() + " days in one statement");
            }
        }
    }

    private StatementView visible(long id, Caller caller) {
        StatementView s = statements.find(id).orElseThrow(() -> new Problems.NotFound("statement " + id + " not found"));
        caller.requireVisible(s.providerId(), "statement " + id);
        return s;
    }
}
