package io.clearhouse.settlement.audit;

import io.clearhouse.common.audit.AuditHead;
import io.clearhouse.common.audit.AuditHeadRows;
import io.clearhouse.common.audit.AuditSigning;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The signed audit heads settlement has received, one per day (the first one kept; repeats are equal). */
@Component
public class AuditHeadStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AuditHeadStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void add(AuditHead h) {
        jdbc.update("""
                INSERT INTO audit_heads (day, first_seq, last_seq, chain_hash, merkle_root, batches, transactions, key_id,
                                         signature, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day) DO NOTHING""", h.day(), h.firstSeq(), h.lastSeq(),
                h.chainHash(), h.merkleRoot(), h.batches(), h.transactions(), h.keyId(), h.signature(),
                Timestamp.from(clock.instant()));
    }

    /** The latest signed head of a day up to {@code day}: the anchor a statement of that period carries. */
    public Optional<AuditHead> latestThrough(LocalDate day) {
        List<AuditHead> heads = jdbc.query("SELECT " + AuditHeadRows.COLUMNS + " FROM audit_heads WHERE day <= ? "
                + "ORDER BY day DESC LIMIT 1", AuditHeadRows.MAPPER, day);
        return heads.stream().findFirst();
    }

    /** How a head appears in a statement document (everything needed to check its signature). */
    public static Map<String, Object> documentEntry(AuditHead h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("day", h.day().toString());
        m.put("firstSeq", h.firstSeq());
        m.put("lastSeq", h.lastSeq());
        m.put("chainHash", h.chainHash());
        m.put("merkleRoot", h.merkleRoot());
        m.put("batches", h.batches());
        m.put("transactions", h.transactions());
        m.put("algorithm", AuditSigning.ALGORITHM);
        m.put("keyId", h.keyId());
        m.put("signature", h.signature());
        return m;
    }
}
