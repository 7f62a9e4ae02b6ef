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
import io.clearhouse.reconciliation.outbox.Outbox;
import io.clearhouse.reconciliation.web.ApiException;
import io.clearhouse.reconciliation.web.Caller;
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
 */
@Service
class ExceptionDesk {

    static final String SERVICE = "reconciliation";
    static final String ADJUSTMENT_PREFIX = "recon-adj-";

    private final ExceptionRepository exceptions;
    private final AuditAppender audit;
    private final Outbox outbox;
    private final Clock clock;
    private final ReconciliationProperties props;

    ExceptionDesk(ExceptionRepository exceptions, AuditAppender audit, Outbox outbox, Clock clock,
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
            throw ApiException.conflict("a " + e.status() + " exception cannot be assigned");
        }
        ExceptionView next = with(e, e.status(), assignee, e.resolution(), e.resolutionNote(), e.resolvedBy(),
                e.resolvedAt(), e.adjustmentTxId());
        return record(e, next, "ASSIGNED", note, caller, Map.of("assignee", assignee == null ? "" : assignee), false);
    }

    @Transactional
    ExceptionView comment(long id, String text, Caller caller) {
        ExceptionView e = locked(id);
        Instant now = now();
        exceptions.addComment(id, caller.actor(), text, now);
        ExceptionView next = with(e, e.status(), e.assignee(), e.resolution(), e.resolutionNote(), e.resolvedBy(),
                e.resolvedAt(), e.adjustmentTxId());
        return record(e, next, "COMMENTED", text, caller, Map.of(), false);
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
            ExceptionView next = with(e, to.name(), e.assignee(), null, note, null, null, e.adjustmentTxId());
            return record(e, next, "REOPENED", note, caller, Map.of(), true);
        }
        String adjustmentTxId = e.adjustmentTxId();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("resolution", resolution.name());
        if (resolution == Resolution.ACCEPT_PROVIDER) {
            TransactionReceived adjustment = adjustment(e, caller);
            adjustmentTxId = adjustment.providerTxId();
            outbox.add(Topics.PROVIDER_TRANSACTIONS, adjustment.key(), adjustment);
            detail.put("adjustmentTxId", adjustmentTxId);
            detail.put("adjustmentAmountMinor", Long.toString(adjustment.amountMinor()));
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
                caller, detail, true);
    }

    @Transactional
    ExceptionView approve(long id, boolean approved, String note, Caller caller) {
        ExceptionView e = locked(id);
        ExceptionStatus to = ExceptionStatus.valueOf(e.status()).approve(approved);
        if (caller.actor().equals(e.resolvedBy())) {
            throw new ApiException(HttpStatus.FORBIDDEN, ApiException.FORBIDDEN,
                    "the write-off must be approved by someone other than " + e.resolvedBy());
        }
        ExceptionView next = approved
                ? with(e, to.name(), e.assignee(), e.resolution(), e.resolutionNote(), e.resolvedBy(), now(),
                        e.adjustmentTxId())
                : with(e, to.name(), e.assignee(), null, note, null, null, e.adjustmentTxId());
        return record(e, next, approved ? "WRITE_OFF_APPROVED" : "WRITE_OFF_REJECTED", note, caller,
                Map.of("approvedBy", caller.actor()), true);
    }

    /**
     * The ADJUSTMENT that makes the ledger follow the provider: the difference, signed, referencing
     * the provider's transaction. Its id derives from the exception and its content is fixed at
     * the first acceptance, so a retry or a second acceptance is a duplicate in ingest, never a
     * second adjustment.
     */
    private TransactionReceived adjustment(ExceptionView e, Caller caller) {
        BreakClass cls = BreakClass.valueOf(e.breakClass());
        long amount = switch (cls) {
            case AMOUNT_MISMATCH -> Math.subtractExact(e.statementAmountMinor(), e.internalAmountMinor());
            case MISSING_INTERNAL -> e.statementAmountMinor();
            case MISSING_PROVIDER -> Math.negateExact(e.internalAmountMinor());
            default -> throw ApiException.conflict("ACCEPT_PROVIDER does not apply to " + cls
                    + ": no amount to post; resolve with ACCEPT_INTERNAL or WRITE_OFF");
        };
        Map<String, Object> ctx = exceptions.adjustmentContext(e.id());
        Timestamp fixed = (Timestamp) ctx.get("adjustment_occurred_at");
        Instant occurredAt = fixed != null ? fixed.toInstant() : now();
        exceptions.setAdjustmentOccurredAt(e.id(), occurredAt);
        String roundId = text(ctx.get("round_id"), "recon-" + e.id());
        GameType gameType = ctx.get("game_type") == null ? GameType.OTHER : GameType.valueOf((String) ctx.get("game_type"));
        return new TransactionReceived(TransactionReceived.SCHEMA_VERSION, e.providerId(), ADJUSTMENT_PREFIX + e.id(),
                roundId, text(ctx.get("player_ref"), "recon"), text(ctx.get("brand_id"), "recon"),
                text(ctx.get("game_id"), "recon"), gameType, TransactionType.ADJUSTMENT, amount, e.currency(),
                occurredAt, e.providerTxId(), false, null, null, now(), caller.requestId());
    }

    private ExceptionView record(ExceptionView before, ExceptionView after, String action, String note, Caller caller,
                                 Map<String, String> detail, boolean statusEvent) {
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
                            : stored.resolution(), caller.actor(), stored.adjustmentTxId(), now);
            outbox.add(Topics.RECON_BREAKS, event.key(), event);
        }
        return stored;
    }

    private ExceptionView locked(long id) {
        return exceptions.lock(id).orElseThrow(() -> ApiException.notFound("exception " + id));
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
