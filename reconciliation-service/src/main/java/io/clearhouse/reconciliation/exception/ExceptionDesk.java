package io.clearhouse.reconciliation.exception;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.reconciliation.BreakClass;
import io.clearhouse.common.reconciliation.BreakResolved;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionHistoryEvent;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.outbox.OutboxWriter;
import io.clearhouse.support.problem.Problems;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The manual side of the exception queue: assign, comment, resolve, approve. Each action is one
 * database transaction that locks the exception, checks the move against {@link ExceptionStatus},
 * updates it, appends to the audit log and writes its events to the outbox (history event on the
 * transaction, {@code recon.breaks.v1}, and for ACCEPT_PROVIDER the adjustment transaction).
 */
@Service
class ExceptionDesk {

    static final String SERVICE = "reconciliation";
    static final String ADJUSTMENT_PREFIX = "recon-adj-";
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
        ExceptionView e = locked(id);
        if (!ExceptionStatus.valueOf(e.status()).assignable()) {
            throw new Problems.Conflict("a " + e.status() + " exception cannot be assigned");
        }
        ExceptionView next = with(e, e.status(), assignee, e.resolution(), e.resolutionNote(), e.resolvedBy(),
                e.resolvedAt(), e.adjustmentTxId());
        return record(e, next, "ASSIGNED", note, caller, Map.of("assignee", assignee == null ? "" : assignee), false, null);
    }

    @Transactional
    ExceptionView comment(long id, String text, Caller caller) {
        ExceptionView e = locked(id);
        Instant now = now();
        exceptions.addComment(id, caller.actor(), text, now);
        ExceptionView next = with(e, e.status(), e.assignee(), e.resolution(), e.resolutionNote(), e.resolvedBy(),
                e.resolvedAt(), e.adjustmentTxId());
        return record(e, next, "COMMENTED", text, caller, Map.of(), false, null);
    }

    @Transactional
    ExceptionView resolve(long id, Resolution resolution, String note, Caller caller) {
        ExceptionView e = locked(id);
        ExceptionStatus from = ExceptionStatus.valueOf(e.status());
        boolean needsApproval = resolution == Resolution.WRITE_OFF
                && e.amountMinor() > props.writeOffApprovalAboveMinor();
        ExceptionStatus to = from.resolve(resolution, needsApproval);
        Instant now = now();
        if (resolution == Resolution.REOPEN) {
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
        String adjustmentTxId = e.adjustmentTxId();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("resolution", resolution.name());
        if (resolution == Resolution.ACCEPT_PROVIDER) {
            TransactionReceived posting = acceptance(e, caller);
            adjustmentTxId = posting.providerTxId();
            outbox.add(Topics.PROVIDER_TRANSACTIONS, posting.key(), posting);
            detail.put("adjustmentTxId", adjustmentTxId);
            detail.put("postedType", posting.type().name());
            detail.put("adjustmentAmountMinor", Long.toString(posting.amountMinor()));
        }
        if (to == ExceptionStatus.PENDING_APPROVAL) {
            detail.put("awaiting", "FINANCE approval");
        }
        ExceptionView next = with(e, to.name(), e.assignee(), resolution.name(), note, caller.actor(),
                to == ExceptionStatus.RESOLVED ? now : null, adjustmentTxId);
        if (to == ExceptionStatus.PENDING_APPROVAL) {
            // the resolver is recorded so that approval by the same person can be refused
            next = with(next, next.status(), next.assignee(), next.resolution(), note, caller.actor(), null,
                    adjustmentTxId);
        }
        return record(e, next, to == ExceptionStatus.PENDING_APPROVAL ? "WRITE_OFF_REQUESTED" : "RESOLVED", note,
                caller, detail, true, next.adjustmentTxId());
    }

    @Transactional
    ExceptionView approve(long id, boolean approved, String note, Caller caller) {
        ExceptionView e = locked(id);
        ExceptionStatus to = ExceptionStatus.valueOf(e.status()).approve(approved);
        if (caller.actor().equals(e.resolvedBy())) {
            throw new Problems.Forbidden(
                    "the write-off must be approved by someone other than " + e.resolvedBy());
        }
        ExceptionView next = approved
                ? with(e, to.name(), e.assignee(), e.resolution(), e.resolutionNote(), e.resolvedBy(), now(),
                        e.adjustmentTxId())
                : with(e, to.name(), e.assignee(), null, note, null, null, e.adjustmentTxId());
        return record(e, next, approved ? "WRITE_OFF_APPROVED" : "WRITE_OFF_REJECTED", note, caller,
                Map.of("approvedBy", caller.actor()), true, next.adjustmentTxId());
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
    private TransactionReceived acceptance(ExceptionView e, Caller caller) {
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
        exceptions.setPosting(e.id(), seq, posting.amountMinor(), posting.occurredAt());
        return posting;
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
        TransactionReceived reversal = adjustmentOf(e, ctx, "recon-rev-" + e.id() + "-" + seq,
                Math.negateExact(posted.longValue()), e.adjustmentTxId(), now(), caller);
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
        ExceptionView stored = exceptions.find(after.id()).orElseThrow();
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

    private ExceptionView locked(long id) {
        return exceptions.lock(id).orElseThrow(() -> new Problems.NotFound("exception " + id + " not found"));
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
