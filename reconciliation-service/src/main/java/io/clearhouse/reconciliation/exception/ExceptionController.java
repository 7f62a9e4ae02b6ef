package io.clearhouse.reconciliation.exception;

import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import static io.clearhouse.support.problem.RequestParams.bounded;
import static io.clearhouse.support.problem.RequestParams.code;
import io.clearhouse.support.queue.ExceptionQueue;
import io.clearhouse.support.queue.Page;
import io.clearhouse.support.queue.Paging;
import io.clearhouse.support.queue.Sort;
import java.time.LocalDate;
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

    record ResolveRequest(String resolution, String note) {
    }

    record ApproveRequest(Boolean approved, String note) {
    }

    /** The deepest page served (as ingest's queue): beyond it the database would skip that many rows first. */
    static final int MAX_PAGE = 10_000;
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
    Page<ExceptionView> list(
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
        Paging.page(page, MAX_PAGE);
        Paging.size(size, props.maxPageSize());
        Sort order = Sort.of(sort, ExceptionRepository.SORTABLE);
        ExceptionRepository.Filter filter = new ExceptionRepository.Filter(provider, code(breakClass), code(status),
                assignee, from, to, minAmountMinor, maxAmountMinor, statementId, code(currency));
        return exceptions.list(filter, order, page, size);
    }

    @GetMapping("/{id}")
    ExceptionQueue.Detail<ExceptionView> get(@PathVariable long id, Caller caller) {
        ExceptionView e = exceptions.queue().get(id);
        caller.requireVisible(e.providerId(), "exception " + id);
        return exceptions.queue().detail(id, e);
    }

    @PostMapping("/{id}/assign")
    ExceptionView assign(@PathVariable long id, @RequestBody ExceptionQueue.AssignRequest body, Caller caller) {
        caller.require(Role.OPERATOR);
        body.checked();
        return desk.assign(id, body.assignee(), body.note(), caller);
    }

    @PostMapping("/{id}/comments")
    ExceptionView comment(@PathVariable long id, @RequestBody ExceptionQueue.CommentRequest body, Caller caller) {
        caller.require(Role.OPERATOR, Role.FINANCE);
        return desk.comment(id, body.checkedText(), caller);
    }

    @PostMapping("/{id}/resolve")
    ExceptionView resolve(@PathVariable long id, @RequestBody ResolveRequest body, Caller caller) {
        caller.require(Role.OPERATOR);
        Resolution resolution;
        try {
            resolution = Resolution.valueOf(code(body.resolution()));
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

}
