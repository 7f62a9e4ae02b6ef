package io.clearhouse.reconciliation.exception;

import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The exception queue: list (filtered, paged, sorted), read, assign, comment, resolve, approve. */
@RestController
@RequestMapping("/v1/reconciliation/exceptions")
class ExceptionController {

    record AssignRequest(String assignee, String note) {
    }

    record CommentRequest(String text) {
    }

    record ResolveRequest(String resolution, String note) {
    }

    record ApproveRequest(Boolean approved, String note) {
    }

    private static final int MAX_TEXT = 2000;

    private final ExceptionRepository exceptions;
    private final ExceptionDesk desk;
    private final ReconciliationProperties props;

    ExceptionController(ExceptionRepository exceptions, ExceptionDesk desk, ReconciliationProperties props) {
        this.exceptions = exceptions;
        this.desk = desk;
        this.props = props;
    }

    @GetMapping
    ExceptionRepository.Page list(
            @RequestParam(required = false) String providerId,
            @RequestParam(name = "class", required = false) String breakClass,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) Long minAmountMinor,
            @RequestParam(required = false) Long maxAmountMinor,
            @RequestParam(required = false) Long statementId,
            @RequestParam(required = false) String currency,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            @RequestParam(defaultValue = "id,asc") String sort,
            Caller caller) {
        String provider = providerFor(caller, providerId);
        if (page < 0) {
            throw new Problems.Invalid("page", "must not be negative");
        }
        if (size < 1 || size > props.maxPageSize()) {
            throw new Problems.Invalid("size", "must be between 1 and " + props.maxPageSize());
        }
        String[] sortParts = sort.split(",");
        String sortField = sortParts[0].trim();
        if (!ExceptionRepository.SORTABLE.containsKey(sortField)) {
            throw new Problems.Invalid("sort", "must be one of " + ExceptionRepository.SORTABLE.keySet());
        }
        boolean descending = sortParts.length > 1 && "desc".equalsIgnoreCase(sortParts[1].trim());
        ExceptionRepository.Filter filter = new ExceptionRepository.Filter(provider, upper(breakClass), upper(status),
                assignee, from, to, minAmountMinor, maxAmountMinor, statementId, upper(currency));
        return exceptions.list(filter, sortField, descending, page, size);
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable long id, Caller caller) {
        ExceptionView e = exceptions.find(id).orElseThrow(() -> new Problems.NotFound("exception " + id + " not found"));
        caller.requireVisible(e.providerId(), "exception " + id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exception", e);
        body.put("comments", exceptions.comments(id));
        return body;
    }

    @PostMapping("/{id}/assign")
    ExceptionView assign(@PathVariable long id, @RequestBody AssignRequest body, Caller caller) {
        caller.require(Role.OPERATOR);
        return desk.assign(id, bounded("assignee", body.assignee(), 200), bounded("note", body.note(), MAX_TEXT),
                caller);
    }

    @PostMapping("/{id}/comments")
    ExceptionView comment(@PathVariable long id, @RequestBody CommentRequest body, Caller caller) {
        caller.require(Role.OPERATOR, Role.FINANCE);
        String text = bounded("text", body.text(), MAX_TEXT);
        if (text == null || text.isBlank()) {
            throw new Problems.Invalid("text", "is required");
        }
        return desk.comment(id, text, caller);
    }

    @PostMapping("/{id}/resolve")
    ExceptionView resolve(@PathVariable long id, @RequestBody ResolveRequest body, Caller caller) {
        caller.require(Role.OPERATOR);
        Resolution resolution;
        try {
            resolution = Resolution.valueOf(upper(body.resolution()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Problems.Invalid("resolution",
                    "must be one of ACCEPT_PROVIDER, ACCEPT_INTERNAL, WRITE_OFF, REOPEN");
        }
        return desk.resolve(id, resolution, bounded("note", body.note(), MAX_TEXT), caller);
    }

    @PostMapping("/{id}/approval")
    ExceptionView approve(@PathVariable long id, @RequestBody ApproveRequest body, Caller caller) {
        caller.require(Role.FINANCE);
        if (body.approved() == null) {
            throw new Problems.Invalid("approved", "is required (true or false)");
        }
        return desk.approve(id, body.approved(), bounded("note", body.note(), MAX_TEXT), caller);
    }

    /** Staff query any provider (or all); a PROVIDER caller only its own, whatever it asks. */
    private static String providerFor(Caller caller, String requested) {
        if (caller.isStaff()) {
            return requested;
        }
        return caller.providerScope(requested);
    }

    private static String bounded(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new Problems.Invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }

    private static String upper(String s) {
        return s == null || s.isBlank() ? null : s.trim().toUpperCase(Locale.ROOT);
    }
}
