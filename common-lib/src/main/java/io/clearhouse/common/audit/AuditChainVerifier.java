package io.clearhouse.common.audit;

import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recomputes the current schema's audit chain from the first entry, a page at a time, and names the
 * first entry whose stored hash, previous hash or sequence does not follow. A service may add its
 * own per-entry check (for instance recomputing a batch's Merkle root from the rows it covers).
 */
public final class AuditChainVerifier {

    /** Entries read per round trip: bounded so a long chain never sits whole in memory. */
    static final int PAGE_SIZE = 5_000;

    private final JdbcTemplate jdbc;

    public AuditChainVerifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Outcome of a verification: entries checked, the chain head, and the first broken entry. */
    public record Result(long entriesChecked, String headHash, Optional<Broken> firstBroken) {
        public boolean intact() {
            return firstBroken.isEmpty();
        }
    }

    /** The first entry that does not verify, and why. */
    public record Broken(long seq, String reason) {
    }

    public Result verify() {
        return verify(entry -> true);
    }

    /** @param contentCheck returns false for an entry whose covered content no longer matches */
    public Result verify(Predicate<AuditEntry> contentCheck) {
        long expectedSeq = 1;
        String prevHash = AuditEntry.GENESIS;
        long checked = 0;
        while (true) {
            var page = jdbc.query("""
                    SELECT seq, occurred_at, actor, action, entity_type, entity_id, before_state, after_state,
                           reason, request_id, prev_hash, hash
                    FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?""",
                    (rs, i) -> new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)),
                    expectedSeq, PAGE_SIZE);
            if (page.isEmpty()) {
                return new Result(checked, prevHash, Optional.empty());
            }
            for (AuditEntry e : page) {
                String problem = null;
                if (e.seq() != expectedSeq) {
                    problem = "sequence gap: expected " + expectedSeq;
                } else if (!e.prevHash().equals(prevHash)) {
                    problem = "prev_hash does not match the previous entry's hash";
                } else if (!e.recomputeHash().equals(e.hash())) {
                    problem = "hash does not match the entry's content";
                } else if (!contentCheck.test(e)) {
                    problem = "covered content no longer matches the entry";
                }
                if (problem != null) {
                    return new Result(checked, prevHash, Optional.of(new Broken(e.seq(), problem)));
                }
                checked++;
                expectedSeq++;
                prevHash = e.hash();
            }
        }
    }
}
