package io.clearhouse.reconciliation.exception;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.reconciliation.BreakClass;
import io.clearhouse.common.reconciliation.BreakResolved;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionHistoryEvent;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionRules;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.outbox.OutboxWriter;
import io.clearhouse.support.problem.Problems;
import io.clearhouse.common.problem.ProblemTypes;
import io.clearhouse.support.problem.FieldError;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The manual side of the exception queue: assign, comment, resolve, approve. Each action is one
 * database transaction that locks the exception, checks the move against {@link ExceptionStatus},
 * updates it, appends to the audit log and writes its events to the outbox (history event on the
 * transaction, {@code recon.breaks.v1}, and for ACCEPT_PROVIDER the adjustment transaction).
 *
 * <p>Four eyes: a WRITE_OFF of a break, or an ACCEPT_PROVIDER whose posting moves, more than the
 * currency's threshold (major units, {@link ReconciliationProperties#approvalAboveMinor}) waits in
 * PENDING_APPROVAL for a FINANCE person other than its proposer; an acceptance is posted only then.
 * Every transaction this desk creates obeys {@link TransactionRules} (origin RECONCILIATION) before
 * it reaches the outbox: a violation is a 422 naming the field and nothing is posted.
 */
@Service
class ExceptionDesk {

    static final String SERVICE = "reconciliation";
    /** Every id this desk generates lies in the namespace the gateway refuses to providers. */
    static final String ADJUSTMENT_PREFIX = TransactionRules.RESERVED_ID_PREFIX + "adj-";
    static final String REVERSAL_PREFIX = TransactionRules.RESERVED_ID_PREFIX + "rev-";
    private static final java.util.Set<String> ADJUSTABLE = java.util.Set.of("BET", "WIN", "JACKPOT_WIN",
            "FREE_ROUND_WIN");

    private final ExceptionRepository exceptions;
    private final AuditAppender audit;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final ReconciliationProperties props;

    ExceptionDesk(ExceptionRepository exceptions, AuditAppender audit, OutboxWriter outbox, Clock clock,
                  ReconciliationProperties props) {
        this.exceptions = exceptions;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
        this.props = props;
    }

    @Transactional
    ExceptionView assign(long id, String assignee, String note, Caller caller) {
        ExceptionView e = exceptions.queue().lock(id);
        ExceptionStatus.valueOf(e.status()).requireAssignable();
        ExceptionView next = with(e, e.status(), assignee, e.resolution(), e.resolutionNote(), e.resolvedBy(),
                e.resolvedAt(), e.adjustmentTxId());
        return record(e, next, "ASSIGNED", note, caller, Map.of("assignee", assignee == null ? "" : assignee), false, null);
    }

    @Transactional
    ExceptionView comment(long id, String text, Caller caller) {
        ExceptionView e = exceptions.queue().lock(id);
        Instant now = now();
        exceptions.queue().addComment(id, caller.actor(), text, now);
        ExceptionView next = with(e, e.status(), e.assignee(), e.resolution(), e.resolutionNote(), e.resolvedBy(),
                e.resolvedAt(), e.adjustmentTxId());
        return record(e, next, "COMMENTED", text, caller, Map.of(), false, null);
    }

    @Transactional
    ExceptionView resolve(long id, Resolution resolution, String note, Caller caller) {
        ExceptionView e = exceptions.queue().lock(id);
        ExceptionStatus from = ExceptionStatus.valueOf(e.status());
        from.resolve(resolution, false); // an illegal move is refused before anything is computed
        Instant now = now();
        if (resolution == Resolution.REOPEN) {
            ExceptionStatus to = from.resolve(resolution, false);
            Map<String, String> detail = new LinkedHashMap<>();
            String reversalId = null;
            if (e.adjustmentTxId() != null) {
                // the acceptance was posted: the ledger must stop following the provider
                TransactionReceived reversal = reversal(e, caller);
                outbox.add(Topics.PROVIDER_TRANSACTIONS, reversal.key(), reversal);
                reversalId = reversal.providerTxId();
                detail.put("reversalTxId", reversalId);
                detail.put("reversedTxId", e.adjustmentTxId());
                detail.put("reversalAmountMinor", Long.toString(reversal.amountMinor()));
            }
            ExceptionView next = with(e, to.name(), e.assignee(), null, note, null, null, null);
            return record(e, next, "REOPENED", note, caller, detail, true, reversalId);
        }
        Posting posting = resolution == Resolution.ACCEPT_PROVIDER ? acceptance(e, caller) : null;
        String thresholdCurrency = posting != null ? posting.tx().currency() : e.currency();
        long moved = posting != null ? Math.abs(posting.tx().amountMinor()) : Math.abs(e.amountMinor());
        long threshold = props.approvalAboveMinor(thresholdCurrency);
        boolean needsApproval = (resolution == Resolution.WRITE_OFF || resolution == Resolution.ACCEPT_PROVIDER)
                && moved > threshold;
        ExceptionStatus to = from.resolve(resolution, needsApproval);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("resolution", resolution.name());
        if (to == ExceptionStatus.PENDING_APPROVAL) {
            // nothing is posted yet; the proposer is recorded so that approval by the same person is refused
            detail.put("awaiting", "FINANCE approval");
            detail.put("amountMinor", Long.toString(moved));
            detail.put("currency", thresholdCurrency);
            detail.put("approvalAboveMinor", Long.toString(threshold));
            ExceptionView next = with(e, to.name(), e.assignee(), resolution.name(), note, caller.actor(), null,
                    e.adjustmentTxId());
            return record(e, next, resolution.name() + "_REQUESTED", note, caller, detail, true, null);
        }
        String adjustmentTxId = e.adjustmentTxId();
        if (posting != null) {
            post(e, posting, detail);
            adjustmentTxId = posting.tx().providerTxId();
        }
        ExceptionView next = with(e, to.name(), e.assignee(), resolution.name(), note, caller.actor(), now,
                adjustmentTxId);
        return record(e, next, "RESOLVED", note, caller, detail, true, next.adjustmentTxId());
    }

    @Transactional
    ExceptionView approve(long id, boolean approved, String note, Caller caller) {
        ExceptionView e = exceptions.queue().lock(id);
        ExceptionStatus to = ExceptionStatus.valueOf(e.status()).approve(approved);
        Resolution proposed = e.resolution() == null ? Resolution.WRITE_OFF : Resolution.valueOf(e.resolution());
        if (caller.actor().equals(e.resolvedBy())) {
            throw new Problems.Forbidden(
                    "the " + proposed + " proposed by " + e.resolvedBy() + " must be approved by someone else");
        }
        if (note == null || note.isBlank()) {
            throw new Problems.Invalid("note", "is required: say why the proposal is approved or rejected");
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("resolution", proposed.name());
        detail.put("proposedBy", e.resolvedBy() == null ? "" : e.resolvedBy());
        detail.put(approved ? "approvedBy" : "rejectedBy", caller.actor());
        String adjustmentTxId = e.adjustmentTxId();
        if (approved && proposed == Resolution.ACCEPT_PROVIDER) {
            Posting posting = acceptance(e, caller);
            post(e, posting, detail);
            adjustmentTxId = posting.tx().providerTxId();
        }
        ExceptionView next = approved
                ? with(e, to.name(), e.assignee(), e.resolution(), e.resolutionNote(), e.resolvedBy(), now(),
                        adjustmentTxId)
                : with(e, to.name(), e.assignee(), null, note, null, null, e.adjustmentTxId());
        return record(e, next, proposed.name() + (approved ? "_APPROVED" : "_REJECTED"), note, caller, detail, true,
                next.adjustmentTxId());
    }

    /** One transaction to post for an acceptance, and its number among the exception's postings. */
    private record Posting(TransactionReceived tx, int seq) {
    }

    /** Records the posting on the exception and writes it to the outbox, in the caller's transaction. */
    private void post(ExceptionView e, Posting posting, Map<String, String> detail) {
        exceptions.setPosting(e.id(), posting.seq(), posting.tx().amountMinor(), posting.tx().occurredAt());
        outbox.add(Topics.PROVIDER_TRANSACTIONS, posting.tx().key(), posting.tx());
        detail.put("adjustmentTxId", posting.tx().providerTxId());
        detail.put("postedType", posting.tx().type().name());
        detail.put("adjustmentAmountMinor", Long.toString(posting.tx().amountMinor()));
    }

    /**
     * Refuses a transaction that breaks the rules every transaction obeys (the gateway's, ingest's):
     * posting it would have ingest record what settlement then dead-letters, or ingest refuse it
     * after the operator was told it was done.
     */
    private TransactionReceived validated(TransactionReceived t) {
        List<TransactionRules.Violation> violations = TransactionRules.check(t, TransactionRules.Origin.RECONCILIATION,
                clock.instant());
        if (!t.providerTxId().startsWith(TransactionRules.RESERVED_ID_PREFIX) && t.type() == TransactionType.ADJUSTMENT) {
            throw new IllegalStateException("posting id " + t.providerTxId() + " is outside the reserved namespace");
        }
        if (violations.isEmpty()) {
            return t;
        }
        List<FieldError> errors = violations.stream().map(v -> new FieldError(v.field(), v.message())).toList();
        throw new Problems.Problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.INVALID_TRANSACTION,
                "the transaction to post breaks the transaction rules (" + violations.get(0).field() + " "
                        + violations.get(0).message() + "); nothing was posted: resolve with ACCEPT_INTERNAL or"
                        + " WRITE_OFF", errors, Map.of());
    }

    /**
     * What ACCEPT_PROVIDER posts through ingest so that the ledger follows the provider. An
     * ADJUSTMENT's signed amount corrects the transaction it references, so for AMOUNT_MISMATCH it
     * is (statement − internal) and for MISSING_PROVIDER −internal, referencing the internal
     * transaction. For MISSING_INTERNAL there is nothing to correct: the provider's transaction
     * itself is posted (its id, type, amount, currency, time and round from the statement line), so
     * ingest records it and a re-run matches it. Posting n of an exception (after n−1 reversals by
     * REOPEN) gets its own id, {@code recon-adj-<exception>} then {@code recon-adj-<exception>-<n>};
     * a MISSING_INTERNAL posting after a reversal is an ADJUSTMENT restoring the transaction. The
     * content is fixed in the database transaction that writes it to the outbox, so a redelivery is
     * a duplicate in ingest, never a second posting.
     */
    private Posting acceptance(ExceptionView e, Caller caller) {
        BreakClass cls = BreakClass.valueOf(e.breakClass());
        Map<String, Object> ctx = exceptions.adjustmentContext(e.id());
        int seq = ((Number) ctx.get("posting_seq")).intValue() + 1;
        String adjustmentId = ADJUSTMENT_PREFIX + e.id() + (seq == 1 ? "" : "-" + seq);
        Instant now = now();
        if (cls == BreakClass.AMOUNT_MISMATCH || cls == BreakClass.MISSING_PROVIDER) {
            requireAdjustable(e, e.internalType());
        }
        TransactionReceived posting = switch (cls) {
            case AMOUNT_MISMATCH -> adjustmentOf(e, ctx, adjustmentId,
                    Math.subtractExact(e.statementAmountMinor(), e.internalAmountMinor()), e.providerTxId(), now,
                    caller);
            case MISSING_PROVIDER -> adjustmentOf(e, ctx, adjustmentId,
                    Math.negateExact(e.internalAmountMinor()), e.providerTxId(), now, caller);
            case MISSING_INTERNAL -> seq == 1 ? providersTransaction(e, ctx, caller)
                    : adjustmentOf(e, ctx, adjustmentId, e.statementAmountMinor(), e.providerTxId(), now,
                            caller);
            default -> throw new Problems.Conflict("ACCEPT_PROVIDER does not apply to " + cls
                    + ": no amount to post; resolve with ACCEPT_INTERNAL or WRITE_OFF");
        };
        return new Posting(validated(posting), seq);
    }

    /** REOPEN of a posted acceptance: an ADJUSTMENT of the negated amount referencing what was posted. */
    private TransactionReceived reversal(ExceptionView e, Caller caller) {
        Map<String, Object> ctx = exceptions.adjustmentContext(e.id());
        int seq = ((Number) ctx.get("posting_seq")).intValue();
        Number posted = (Number) ctx.get("posted_amount_minor");
        if (posted == null) {
            throw new IllegalStateException("exception " + e.id() + " has adjustment " + e.adjustmentTxId()
                    + " but no posted amount");
        }
        TransactionReceived reversal = validated(adjustmentOf(e, ctx, REVERSAL_PREFIX + e.id() + "-" + seq,
                Math.negateExact(posted.longValue()), e.adjustmentTxId(), now(), caller));
        exceptions.setPosting(e.id(), seq, null, null);
        return reversal;
    }

    private TransactionReceived adjustmentOf(ExceptionView e, Map<String, Object> ctx, String id,
                                             long amountMinor, String refTxId, Instant occurredAt, Caller caller) {
        return new TransactionReceived(TransactionReceived.SCHEMA_VERSION, e.providerId(), id, roundId(e, ctx),
                text(ctx.get("player_ref"), "recon"), text(ctx.get("brand_id"), "recon"),
                text(ctx.get("game_id"), "recon"), gameType(ctx), TransactionType.ADJUSTMENT, amountMinor,
                e.currency(), occurredAt, refTxId, false, null, null, now(), caller.requestId());
    }

    private TransactionReceived providersTransaction(ExceptionView e, Map<String, Object> ctx, Caller caller) {
        String lineType = (String) ctx.get("line_type");
        Timestamp occurredAt = (Timestamp) ctx.get("line_occurred_at");
        Number amount = (Number) ctx.get("line_amount_minor");
        if (lineType == null || amount == null) {
            throw new Problems.Conflict("exception " + e.id() + " has no statement line to post");
        }
        if (e.providerTxId().startsWith(TransactionRules.RESERVED_ID_PREFIX)) {
            // a line stored before such ids were refused at upload: posting it would take one of our own ids
            throw new Problems.Problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.INVALID_TRANSACTION,
                    "the statement line's id " + e.providerTxId() + " is in reconciliation's reserved namespace ('"
                    + TransactionRules.RESERVED_ID_PREFIX + "'); nothing was posted: resolve with ACCEPT_INTERNAL or"
                    + " WRITE_OFF", List.of(new FieldError("providerTxId", "ids starting with '"
                            + TransactionRules.RESERVED_ID_PREFIX + "' are reserved for reconciliation's postings")),
                    Map.of());
        }
        TransactionType type = TransactionType.valueOf(lineType);
        if (type.requiresReference()) {
            throw new Problems.Conflict("the statement line is a " + type + ", which needs a reference to an earlier"
                    + " transaction that the statement does not give; resolve with ACCEPT_INTERNAL or WRITE_OFF");
        }
        if (occurredAt == null) {
            throw new Problems.Conflict("the statement line has no occurredAt (only a business date): a transaction"
                    + " cannot be posted without its time; resolve with ACCEPT_INTERNAL or WRITE_OFF");
        }
        return new TransactionReceived(TransactionReceived.SCHEMA_VERSION, e.providerId(), e.providerTxId(),
                roundId(e, ctx), text(ctx.get("player_ref"), "recon"), text(ctx.get("brand_id"), "recon"),
                text(ctx.get("game_id"), "recon"), gameType(ctx), type, amount.longValue(), e.statementCurrency(),
                occurredAt.toInstant(), null, type == TransactionType.FREE_ROUND_WIN, null, null, now(),
                caller.requestId());
    }

    /** Ingest adjusts only a BET, WIN, JACKPOT_WIN or FREE_ROUND_WIN: refuse clearly instead of posting a reject. */
    private static void requireAdjustable(ExceptionView e, String internalType) {
        if (internalType == null || !ADJUSTABLE.contains(internalType)) {
            throw new Problems.Conflict("the internal transaction " + e.providerTxId() + " is a " + internalType
                    + ", which ingest does not adjust; resolve with ACCEPT_INTERNAL or WRITE_OFF");
        }
    }

    private static String roundId(ExceptionView e, Map<String, Object> ctx) {
        // a posting and its reversal share the round, hence the Kafka key: ingest sees them in order
        return text(ctx.get("round_id"), "recon-" + e.id());
    }

    private static GameType gameType(Map<String, Object> ctx) {
        Object g = ctx.get("game_type");
        return g == null ? GameType.OTHER : GameType.valueOf((String) g);
    }

    private ExceptionView record(ExceptionView before, ExceptionView after, String action, String note, Caller caller,
                                 Map<String, String> detail, boolean statusEvent, String eventTxId) {
        Instant now = now();
        exceptions.update(after, now);
        ExceptionView stored = exceptions.queue().get(after.id());
        audit.append(List.of(new AuditRecord(caller.actor(), "EXCEPTION_" + action, "exception",
                Long.toString(before.id()), state(before), state(stored), note, caller.requestId())));
        String eventId = "recon:exception:" + stored.id() + ":" + action + ":" + stored.version();
        Map<String, String> historyDetail = new LinkedHashMap<>(detail);
        historyDetail.put("breakId", Long.toString(stored.id()));
        historyDetail.put("class", stored.breakClass());
        historyDetail.put("status", stored.status());
        outbox.add(Topics.TRANSACTION_HISTORY, stored.providerId() + ":" + stored.providerTxId(),
                new TransactionHistoryEvent(TransactionHistoryEvent.SCHEMA_VERSION, eventId, stored.providerId(),
                        stored.providerTxId(), SERVICE, "EXCEPTION_" + action, caller.actor(), now, historyDetail));
        if (statusEvent) {
            BreakResolved event = new BreakResolved(BreakResolved.SCHEMA_VERSION, eventId, stored.id(),
                    stored.providerId(), stored.providerTxId(), BreakClass.valueOf(stored.breakClass()),
                    stored.status(), stored.resolution() == null && "REOPENED".equals(action) ? "REOPEN"
                            : stored.resolution(), caller.actor(), eventTxId, now);
            outbox.add(Topics.RECON_BREAKS, event.key(), event);
        }
        return stored;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String text(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }

    private static ExceptionView with(ExceptionView e, String status, String assignee, String resolution, String note,
                                      String resolvedBy, Instant resolvedAt, String adjustmentTxId) {
        return new ExceptionView(e.id(), e.statementId(), e.firstRunId(), e.lastRunId(), e.providerId(),
                e.providerTxId(), e.breakClass(), e.lineNo(), e.businessDate(), e.currency(), e.amountMinor(),
                e.statementType(), e.statementAmountMinor(), e.statementCurrency(), e.statementBusinessDate(),
                e.internalType(), e.internalAmountMinor(), e.internalCurrency(), e.internalBusinessDate(), status,
                assignee, resolution, note, resolvedBy, resolvedAt, adjustmentTxId, e.version(), e.openedAt(),
                e.updatedAt());
    }

    private static Map<String, Object> state(ExceptionView e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", e.status());
        m.put("assignee", e.assignee());
        m.put("resolution", e.resolution());
        m.put("resolvedBy", e.resolvedBy());
        m.put("adjustmentTxId", e.adjustmentTxId());
        m.put("version", e.version());
        return m;
    }
}
