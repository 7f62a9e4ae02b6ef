package io.clearhouse.ingest.exception;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.money.Money;
import io.clearhouse.common.problem.ProblemTypes;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionHistoryEvent;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionRules;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.outbox.OutboxWriter;
import io.clearhouse.support.problem.FieldError;
import io.clearhouse.support.problem.Problems;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The manual side of the ingest exception queue: assign, comment, resolve. Each action is one database
 * transaction that locks the exception, checks the move ({@link ExceptionStatus}, {@link ExceptionKind}),
 * updates it, appends who and why to ingest's audit chain and writes its events to the outbox: a history
 * event on the transaction, and for a correction or a replay the transaction itself, on ingest's own topic
 * ({@code provider.transactions.v1}). So a posting is judged, deduplicated, recorded, Merkle-audited and
 * published exactly like any provider's transaction: no side door into the ledger. A correction's id is
 * {@code recon-adj-ingest-<exception id>}, in the namespace the gateway refuses to providers and ingest
 * judges as a system posting; posting it twice would be a DUPLICATE, never a second effect.
 */
@Service
class ExceptionDesk {

    static final String SERVICE = "ingest";
    static final String CORRECTION_PREFIX = TransactionRules.RESERVED_ID_PREFIX + "adj-ingest-";

    private final ExceptionRepository exceptions;
    private final AuditAppender audit;
    private final OutboxWriter outbox;
    private final JsonMapper json;
    private final Clock clock;

    ExceptionDesk(ExceptionRepository exceptions, AuditAppender audit, OutboxWriter outbox, JsonMapper json,
                  Clock clock) {
        this.exceptions = exceptions;
        this.audit = audit;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    ExceptionView assign(long id, String assignee, String note, Caller caller) {
        ExceptionView e = exceptions.queue().lock(id);
        e.status().requireAssignable();
        ExceptionView next = with(e, e.status(), assignee, e.resolution(), e.resolutionNote(), e.resolvedBy(),
                e.resolvedAt(), e.postedTxId());
        return record(e, next, "ASSIGNED", note, caller, Map.of("assignee", assignee == null ? "" : assignee));
    }

    @Transactional
    ExceptionView comment(long id, String text, Caller caller) {
        ExceptionView e = exceptions.queue().lock(id);
        exceptions.queue().addComment(id, caller.actor(), text, now());
        return record(e, e, "COMMENTED", text, caller, Map.of());
    }

    /**
     * @param amount  POST_CORRECTION only: the signed correction as a decimal string in the transaction's
     *                currency (null: the default of the exception's kind)
     * @param payload REPLAY only: a corrected record (null: the dead letter's own text)
     */
    @Transactional
    ExceptionView resolve(long id, Resolution resolution, String note, String amount, String payload, Caller caller) {
        ExceptionView e = exceptions.queue().lock(id);
        ExceptionStatus to;
        try {
            to = e.status().resolve(e.kind(), resolution);
        } catch (ExceptionStatus.IllegalTransitionException ex) {
            throw new Problems.Conflict("resolution", ex.getMessage());
        }
        if (amount != null && resolution != Resolution.POST_CORRECTION) {
            throw new Problems.Invalid("amount", "is only for POST_CORRECTION");
        }
        if (payload != null && resolution != Resolution.REPLAY) {
            throw new Problems.Invalid("payload", "is only for REPLAY");
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("resolution", resolution.name());
        String posted = null;
        if (resolution == Resolution.POST_CORRECTION) {
            TransactionReceived correction = correction(e, amount, caller);
            outbox.add(Topics.PROVIDER_TRANSACTIONS, correction.key(), correction);
            posted = correction.providerTxId();
            detail.put("correctionTxId", posted);
            detail.put("refTxId", correction.refTxId());
            detail.put("amountMinor", Long.toString(correction.amountMinor()));
            detail.put("currency", correction.currency());
        } else if (resolution == Resolution.REPLAY) {
            TransactionReceived replay = replay(e, payload);
            outbox.add(Topics.PROVIDER_TRANSACTIONS, replay.key(), replay);
            posted = replay.providerTxId();
            detail.put("replayedTxId", posted);
            detail.put("corrected", Boolean.toString(payload != null));
            detail.put("contentHash", replay.contentHash());
        }
        ExceptionView next = with(e, to, e.assignee(), resolution, note, caller.actor(), now(), posted);
        return record(e, next, to == ExceptionStatus.DISMISSED ? "DISMISSED" : "RESOLVED", note, caller, detail);
    }

    /** The ADJUSTMENT that corrects the recorded transaction the exception is about. */
    private TransactionReceived correction(ExceptionView e, String amount, Caller caller) {
        Map<?, ?> p = payloadMap(e.payload());
        String refTxId = e.kind() == ExceptionKind.CONFLICT ? e.providerTxId() : text(p.get("refTxId"));
        ExceptionRepository.Recorded original = exceptions.recorded(e.providerId(), refTxId, e.keyPlayerRef())
                .orElseThrow(() -> unprocessable("the transaction to correct (" + refTxId + ") is not recorded;"
                        + " nothing was posted: ACCEPT_ORIGINAL or DISMISS, or wait until it is recorded"));
        long minor;
        if (amount != null) {
            try {
                minor = Money.parse(amount, original.currency()).minor();
            } catch (RuntimeException bad) {
                throw new Problems.Invalid("amount", "must be a decimal amount in " + original.currency()
                        + " with at most its minor-unit digits, e.g. -12.50");
            }
        } else if (e.kind() == ExceptionKind.CONFLICT) {
            // the provider's second version minus the recorded first: the ledger then follows the later delivery
            minor = number(p.get("amountMinor")) - original.amountMinor();
        } else {
            // what the expired rollback would have done: take the bet's stake back
            minor = -number(p.get("amountMinor"));
        }
        if (minor == 0) {
            throw new Problems.Invalid("amount", "the correction would be zero: nothing to post (ACCEPT_ORIGINAL)");
        }
        Instant now = now();
        TransactionReceived t = new TransactionReceived(TransactionReceived.SCHEMA_VERSION, e.providerId(),
                CORRECTION_PREFIX + e.id(), original.roundId(), original.playerRef(), original.brandId(),
                original.gameId(), GameType.valueOf(original.gameType()), TransactionType.ADJUSTMENT, minor,
                original.currency(), now, original.providerTxId(), false, null, null, now, caller.requestId());
        check(t, TransactionRules.Origin.RECONCILIATION, now, "POST_CORRECTION");
        return t;
    }

    /** The dead letter's record (or the operator's corrected copy), as ingest's topic carries it. */
    private TransactionReceived replay(ExceptionView e, String corrected) {
        String text = corrected != null ? corrected : e.payload();
        TransactionReceived t;
        try {
            t = json.readValue(text, TransactionReceived.class);
        } catch (RuntimeException unreadable) {
            throw new Problems.Invalid(corrected != null ? "payload" : "resolution",
                    "the record is not a readable transaction; replay it with a corrected payload");
        }
        if (t.providerId() == null || (e.providerId() != null && !e.providerId().equals(t.providerId()))) {
            throw new Problems.Invalid("payload", "must keep the provider of the dead letter (" + e.providerId() + ")");
        }
        if (t.currency() == null || !io.clearhouse.common.money.Currencies.isKnown(t.currency())) {
            throw new Problems.Invalid("payload", "currency " + t.currency() + " is not a known ISO 4217 code;"
                    + " replay it with a corrected payload");
        }
        check(t, TransactionRules.Origin.PROVIDER, now(), "REPLAY");
        return t;
    }

    private void check(TransactionReceived t, TransactionRules.Origin origin, Instant now, String what) {
        List<TransactionRules.Violation> violations = TransactionRules.check(t, origin, now);
        if (!violations.isEmpty()) {
            List<FieldError> errors = violations.stream().map(v -> new FieldError(v.field(), v.message())).toList();
            throw new Problems.Problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.INVALID_TRANSACTION,
                    "the transaction to " + what + " breaks the transaction rules (" + violations.get(0).field() + " "
                            + violations.get(0).message() + "); nothing was posted", errors, Map.of());
        }
    }

    private ExceptionView record(ExceptionView before, ExceptionView after, String action, String note, Caller caller,
                                 Map<String, String> detail) {
        Instant now = now();
        exceptions.update(after, now);
        ExceptionView stored = exceptions.queue().get(after.id());
        audit.append(List.of(new AuditRecord(caller.actor(), "INGEST_EXCEPTION_" + action, "ingest_exception",
                Long.toString(before.id()), state(before), state(stored), note, caller.requestId())));
        if (stored.providerId() != null && stored.providerTxId() != null) {
            Map<String, String> history = new LinkedHashMap<>(detail);
            history.put("exceptionId", Long.toString(stored.id()));
            history.put("kind", stored.kind().name());
            history.put("status", stored.status().name());
            outbox.add(Topics.TRANSACTION_HISTORY, stored.providerId() + ":" + stored.providerTxId(),
                    new TransactionHistoryEvent(TransactionHistoryEvent.SCHEMA_VERSION,
                            "ingest:exception:" + stored.id() + ":" + action + ":" + stored.version(),
                            stored.providerId(), stored.providerTxId(), SERVICE, "EXCEPTION_" + action,
                            caller.actor(), now, history));
        }
        return stored;
    }

    private Map<?, ?> payloadMap(String payload) {
        try {
            return json.readValue(payload, Map.class);
        } catch (RuntimeException e) {
            throw unprocessable("the exception's payload is not readable: nothing can be posted from it");
        }
    }

    private static Problems.Problem unprocessable(String detail) {
        return new Problems.Unprocessable(ProblemTypes.UNPROCESSABLE, detail);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private static long number(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw unprocessable("the exception's payload has no amount");
    }

    private static ExceptionView with(ExceptionView e, ExceptionStatus status, String assignee, Resolution resolution,
                                      String note, String resolvedBy, Instant resolvedAt, String postedTxId) {
        return new ExceptionView(e.id(), e.kind(), e.sourceRef(), e.providerId(), e.providerTxId(), e.keyPlayerRef(),
                e.reason(), e.payload(), status, assignee, resolution, note, resolvedBy, resolvedAt, postedTxId,
                e.version(), e.openedAt(), e.updatedAt());
    }

    private static Map<String, Object> state(ExceptionView e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", e.kind().name());
        m.put("status", e.status().name());
        m.put("assignee", e.assignee());
        m.put("resolution", e.resolution() == null ? null : e.resolution().name());
        m.put("resolvedBy", e.resolvedBy());
        m.put("postedTxId", e.postedTxId());
        m.put("version", e.version());
        return m;
    }
}
