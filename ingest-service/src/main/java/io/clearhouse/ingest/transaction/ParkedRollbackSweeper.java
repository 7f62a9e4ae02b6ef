package io.clearhouse.ingest.transaction;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles parked rollbacks that batches could not: applies those whose bet is recorded by now (it
 * came in on another partition while the rollback was being parked) and turns those whose wait is
 * over into exceptions (status REJECTED with the reason, an {@code EXCEPTION_ROLLBACK_EXPIRED}
 * history event, the metric {@code clearhouse.ingest.exceptions{kind=rollback_expired}}). A bet that
 * arrives after its rollback expired is recorded and stays un-reversed: an operator resolves the
 * exception (e.g. with an ADJUSTMENT).
 */
@Component
class ParkedRollbackSweeper {

    private static final Logger log = LoggerFactory.getLogger(ParkedRollbackSweeper.class);
    private static final int LIMIT = 1_000;

    private final LedgerStore store;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    ParkedRollbackSweeper(LedgerStore store, JdbcTemplate jdbc, PlatformTransactionManager txManager, Clock clock) {
        this.store = store;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${clearhouse.ingest.rollback-sweep-ms:5000}",
            initialDelayString = "${clearhouse.ingest.rollback-sweep-ms:5000}")
    void scheduled() {
        try {
            sweep();
        } catch (ConcurrentJudgementException e) {
            log.debug("Parked rollbacks resolved concurrently; next sweep retries: {}", e.getMessage());
        }
    }

    /** One sweep in one transaction; returns how many parked rollbacks it settled. */
    int sweep() {
        Integer n = tx.execute(status -> {
            Boolean mine = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtext('ingest.parked.sweep'))",
                    Boolean.class);
            if (!Boolean.TRUE.equals(mine)) {
                return 0;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<ParkedRollback> due = store.resolvable(now, LIMIT);
            if (due.isEmpty()) {
                return 0;
            }
            Set<TxKey> bets = due.stream().map(ParkedRollback::betKey).collect(Collectors.toSet());
            Map<TxKey, KnownKey> known = store.knownKeys(bets);
            Map<TxKey, List<ParkedRollback>> waiting = new HashMap<>();
            for (ParkedRollback p : due) {
                waiting.computeIfAbsent(p.betKey(), k -> new java.util.ArrayList<>()).add(p);
            }
            BatchJudge judge = new BatchJudge(known, store.reversals(bets), waiting, now);
            for (TxKey bet : bets) {
                KnownKey k = known.get(bet);
                if (k != null) {
                    judge.resolveParkedFor(k);
                }
            }
            for (ParkedRollback p : due) {
                if (!known.containsKey(p.betKey())) {
                    judge.expire(p, "no BET " + p.tx().refTxId() + " arrived before " + p.expiresAt());
                }
            }
            store.write(judge.plan, store.nextBatchId(), now);
            return judge.plan.outcomes.size();
        });
        return n == null ? 0 : n;
    }
}
