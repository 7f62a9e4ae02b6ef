package io.clearhouse.ingest.audit;

import io.clearhouse.common.audit.AuditEntry;
import io.clearhouse.common.audit.AuditHead;
import io.clearhouse.common.audit.AuditSigning;
import io.clearhouse.common.hash.MerkleTree;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.support.outbox.OutboxWriter;
import java.security.PrivateKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs the head of every complete UTC day of the audit log, in day order, once the day has ended
 * plus {@code clearhouse.audit.heads.grace} (PT5M: a batch that took the chain lock before midnight has
 * committed by then): entries {@code (previous head's lastSeq, lastSeq]}, {@code lastSeq} being the last
 * entry stamped before midnight; chain hash of that entry; Merkle root over the day's batch roots
 * ({@link HeadCheck#batchRoot}). Each head is stored in {@code audit_heads} and written to the outbox
 * for {@link Topics#AUDIT_HEADS} in one transaction. Days without entries get a head too (same chain hash),
 * so that a removed last day shows. One instance at a time (advisory lock); at most
 * {@link #DAYS_PER_RUN_MAX} days a run, so a stack that was down for a year catches up in bounded steps.
 */
@Component
public class DailyHeadSigner {

    /** Bounds one run's work and transaction. */
    static final int DAYS_PER_RUN_MAX = 31;
    private static final Logger log = LoggerFactory.getLogger(DailyHeadSigner.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OutboxWriter outbox;
    private final AuditKeys keys;
    private final Clock clock;
    private final Duration grace;

    DailyHeadSigner(JdbcTemplate jdbc, PlatformTransactionManager txManager, OutboxWriter outbox, AuditKeys keys,
                    Clock clock, @Value("${clearhouse.audit.heads.grace:PT5M}") Duration grace) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.outbox = outbox;
        this.keys = keys;
        this.clock = clock;
        this.grace = grace;
    }

    @Scheduled(initialDelayString = "${clearhouse.audit.heads.initial-delay-ms:10000}",
            fixedDelayString = "${clearhouse.audit.heads.interval-ms:60000}")
    void run() {
        try {
            List<AuditHead> signed = signCompletedDays(clock.instant());
            for (AuditHead h : signed) {
                log.info("Signed the audit head of {}: entries {}..{}, {} batches, {} transactions", h.day(),
                        h.firstSeq(), h.lastSeq(), h.batches(), h.transactions());
            }
        } catch (RuntimeException e) {
            log.warn("Could not sign the audit heads now (next run retries): {}", e.toString());
        }
    }

    /** Signs every day complete by {@code now} (ended + grace) and not signed yet; returns them in day order. */
    public List<AuditHead> signCompletedDays(Instant now) {
        Optional<PrivateKey> key = keys.signingKey();
        if (key.isEmpty()) {
            return List.of();
        }
        List<AuditHead> signed = tx.execute(status -> {
            Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtext('ingest.audit_heads'))",
                    Boolean.class);
            if (!Boolean.TRUE.equals(locked)) {
                return List.<AuditHead>of();
            }
            List<Map<String, Object>> last = jdbc.queryForList(
                    "SELECT day, last_seq, chain_hash FROM audit_heads ORDER BY day DESC LIMIT 1");
            LocalDate day;
            long prevLast;
            String prevHash;
            if (last.isEmpty()) {
                Timestamp first = jdbc.queryForObject("SELECT min(occurred_at) FROM audit_log", Timestamp.class);
                if (first == null) {
                    return List.<AuditHead>of();
                }
                day = first.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
                prevLast = 0;
                prevHash = AuditEntry.GENESIS;
            } else {
                day = ((java.sql.Date) last.get(0).get("day")).toLocalDate().plusDays(1);
                prevLast = ((Number) last.get(0).get("last_seq")).longValue();
                prevHash = ((String) last.get(0).get("chain_hash")).trim();
            }
            List<AuditHead> heads = new ArrayList<>();
            while (heads.size() < DAYS_PER_RUN_MAX && !end(day).plus(grace).isAfter(now)) {
                AuditHead head = AuditSigning.sign(compute(day, prevLast, prevHash), key.get(), keys.keyId());
                jdbc.update("""
                        INSERT INTO audit_heads (day, first_seq, last_seq, chain_hash, merkle_root, batches, transactions,
                                                 key_id, signature, signed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", head.day(), head.firstSeq(), head.lastSeq(),
                        head.chainHash(), head.merkleRoot(), head.batches(), head.transactions(), head.keyId(),
                        head.signature(), Timestamp.from(clock.instant()));
                outbox.add(Topics.AUDIT_HEADS, head.day().toString(), head);
                heads.add(head);
                prevLast = head.lastSeq();
                prevHash = head.chainHash();
                day = day.plusDays(1);
            }
            return heads;
        });
        return signed == null ? List.of() : signed;
    }

    private static Instant end(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private AuditHead compute(LocalDate day, long prevLast, String prevHash) {
        Long max = jdbc.queryForObject("SELECT max(seq) FROM audit_log WHERE seq > ? AND occurred_at < ?", Long.class,
                prevLast, Timestamp.from(end(day)));
        long lastSeq = max == null ? prevLast : max;
        String chainHash = lastSeq == prevLast ? prevHash
                : jdbc.queryForObject("SELECT hash FROM audit_log WHERE seq = ?", String.class, lastSeq).trim();
        MerkleTree.Accumulator tree = new MerkleTree.Accumulator();
        long[] transactions = {0};
        jdbc.query("SELECT action, after_state FROM audit_log WHERE seq > ? AND seq <= ? AND action = 'BATCH_RECORDED' "
                + "ORDER BY seq", rs -> {
                    HeadCheck.batchRoot(rs.getString(1), rs.getString(2)).ifPresent(r -> {
                        tree.add(r.root());
                        transactions[0] += r.recorded();
                    });
                }, prevLast, lastSeq);
        return new AuditHead(AuditHead.SCHEMA_VERSION, day, prevLast + 1, lastSeq, chainHash, tree.root(), tree.count(),
                transactions[0], null, null);
    }
}
