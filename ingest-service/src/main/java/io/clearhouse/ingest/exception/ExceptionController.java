package io.clearhouse.ingest.exception;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import io.clearhouse.support.problem.RequestParams;
import static io.clearhouse.support.problem.RequestParams.bounded;
import static io.clearhouse.support.problem.RequestParams.enumOf;
import static io.clearhouse.support.problem.RequestParams.window;
import io.clearhouse.support.queue.ExceptionQueue;
import io.clearhouse.support.queue.Page;
import io.clearhouse.support.queue.Paging;
import io.clearhouse.support.queue.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The ingest exception queue, shaped like reconciliation's: list (filtered, paged, sorted), read with its
 * comments, assign, comment, resolve. Reads: OPERATOR, AUDITOR; actions: OPERATOR.
 */
@RestController
@RequestMapping("/v1/ingest/exceptions")
class ExceptionController {

    /**
     * @param amount  POST_CORRECTION: the signed correction (decimal string), optional
     * @param payload REPLAY: a corrected record (a JSON object), optional
     */
    record ResolveRequest(String resolution, String note, String amount, JsonNode payload) {
    }

    static final int MAX_TEXT = 2000;
    static final int MAX_SIZE = 200;
    static final int MAX_PAGE = 10_000;
    static final int MAX_PAYLOAD = 16 * 1024;

    private final ExceptionRepository exceptions;
    private final ExceptionDesk desk;

    ExceptionController(ExceptionRepository exceptions, ExceptionDesk desk) {
        this.exceptions = exceptions;
        this.desk = desk;
    }

    @GetMapping
    Page<ExceptionView> list(@RequestParam(required = false) String kind,
                             @RequestParam(required = false) String status,
                             @RequestParam(required = false) String providerId,
                             @RequestParam(required = false) String assignee,
                             @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to,
                             @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "50") int size,
                             @RequestParam(defaultValue = "id,asc") String sort,
                             Caller caller) {
        caller.require(Role.OPERATOR, Role.AUDITOR);
        Paging.page(page, MAX_PAGE);
        Paging.size(size, MAX_SIZE);
        Sort order = Sort.of(sort, ExceptionRepository.SORTABLE);
        bounded("providerId", providerId, 128);
        bounded("assignee", assignee, 200);
        RequestParams.Window opened = window(from, to);
        return exceptions.list(new ExceptionRepository.Filter(enumOf("kind", kind, ExceptionKind.class),
                enumOf("status", status, ExceptionStatus.class), providerId, assignee, opened.from(), opened.to()),
                order, page, size);
    }

    @GetMapping("/{id}")
    ExceptionQueue.Detail<ExceptionView> get(@PathVariable long id, Caller caller) {
        caller.require(Role.OPERATOR, Role.AUDITOR);
        return exceptions.queue().detail(id, exceptions.queue().get(id));
    }

    @PostMapping("/{id}/assign")
    ExceptionView assign(@PathVariable long id, @RequestBody ExceptionQueue.AssignRequest body, Caller caller) {
        caller.require(Role.OPERATOR);
        body.checked();
        return desk.assign(id, body.assignee(), body.note(), caller);
    }

    @PostMapping("/{id}/comments")
    ExceptionView comment(@PathVariable long id, @RequestBody ExceptionQueue.CommentRequest body, Caller caller) {
        caller.require(Role.OPERATOR);
        return desk.comment(id, body.checkedText(), caller);
    }

    @PostMapping("/{id}/resolve")
    ExceptionView resolve(@PathVariable long id, @RequestBody ResolveRequest body, Caller caller) {
        caller.require(Role.OPERATOR);
        Resolution resolution = enumOf("resolution", body.resolution(), Resolution.class);
        if (resolution == null) {
            throw new Problems.Invalid("resolution", "is required: one of ACCEPT_ORIGINAL, POST_CORRECTION, REPLAY, DISMISS");
        }
        String note = bounded("note", body.note(), MAX_TEXT);
        if (note == null || note.isBlank()) {
            throw new Problems.Invalid("note", "is required: say why");
        }
        String payload = null;
        if (body.payload() != null && !body.payload().isNull()) {
            if (!body.payload().isObject()) {
                throw new Problems.Invalid("payload", "must be a JSON object (the corrected transaction)");
            }
            payload = bounded("payload", body.payload().toString(), MAX_PAYLOAD);
        }
        return desk.resolve(id, resolution, note.trim(), bounded("amount", body.amount(), 40), payload, caller);
    }

}
