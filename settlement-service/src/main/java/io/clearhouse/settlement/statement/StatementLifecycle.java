package io.clearhouse.settlement.statement;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.problem.Problems;
import io.clearhouse.common.problem.ProblemTypes;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Approve and mark paid, four eyes on each (maker-checker: the preparer never approves, the approver
 * never records the payment; 403 {@code four-eyes}); each move audited and published.
 */
@Component
public class StatementLifecycle {

    private final StatementStore store;

    StatementLifecycle(StatementStore store) {
        this.store = store;
    }

    @Transactional
    public StatementRecord approve(String statementId, Caller caller, String reason) {
        StatementRecord s = load(statementId);
        StatementStatus next = move(s, StatementStatus::approve);
        if (s.preparedBy().equals(caller.actor())) {
            throw fourEyes(caller.actor() + " prepared " + statementId + " and cannot also approve it");
        }
        // statements chain (carry-forward, month-to-date): approve them in period order
        StatementRecord previous = store.previous(s.providerId(), s.periodStart()).orElse(null);
        if (previous != null && previous.status() == StatementStatus.DRAFT) {
            throw new Problems.Conflict("approve " + previous.statementId() + " first: " + statementId
                    + " carries its figures forward and is approved only after it");
        }
        Instant now = store.now();
        store.setStatus(s, next, caller.actor(), now, null);
        StatementRecord after = store.find(statementId, false).orElseThrow();
        store.record(s, after, caller.actor(), "STATEMENT_APPROVED", reason, caller.requestId());
        return after;
    }

    @Transactional
    public StatementRecord pay(String statementId, String paymentReference, Caller caller, String reason) {
        StatementRecord s = load(statementId);
        StatementStatus next = move(s, StatementStatus::pay);
        if (caller.actor().equals(s.approvedBy())) {
            // the database refuses it too (V202612020800): approving and paying take two people
            throw fourEyes(caller.actor() + " approved " + statementId + " and cannot also record its payment");
        }
        store.setStatus(s, next, caller.actor(), store.now(), paymentReference);
        StatementRecord after = store.find(statementId, false).orElseThrow();
        store.record(s, after, caller.actor(), "STATEMENT_PAID", reason, caller.requestId());
        return after;
    }

    private static Problems.Problem fourEyes(String what) {
        return new Problems.Problem(HttpStatus.FORBIDDEN, ProblemTypes.FOUR_EYES, "four eyes (maker-checker): " + what
                + "; another FINANCE user must");
    }

    private StatementRecord load(String statementId) {
        return store.find(statementId, true).orElseThrow(() -> new Problems.NotFound("no statement " + statementId));
    }

    private static StatementStatus move(StatementRecord s, java.util.function.UnaryOperator<StatementStatus> move) {
        try {
            return move.apply(s.status());
        } catch (StatementStatus.IllegalTransitionException e) {
            throw new Problems.Conflict(s.statementId() + ": " + e.getMessage());
        }
    }
}
