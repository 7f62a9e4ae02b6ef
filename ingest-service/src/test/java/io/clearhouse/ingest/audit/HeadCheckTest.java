package io.clearhouse.ingest.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.audit.AuditEntry;
import io.clearhouse.common.audit.AuditHead;
import io.clearhouse.common.hash.Hashing;
import io.clearhouse.common.hash.MerkleTree;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chain against signed days, with no database: matches, rewrites, removed entries, empty days. */
class HeadCheckTest {

    private static final LocalDate D1 = LocalDate.of(2026, 11, 30);

    /** Entries 1..n, each a batch of {@code i} transactions with root sha256("root-i"). */
    private static List<AuditEntry> chain(int n, String salt) {
        List<AuditEntry> entries = new ArrayList<>();
        String prev = AuditEntry.GENESIS;
        for (int i = 1; i <= n; i++) {
            String after = "{\"batchId\":" + i + ",\"merkleRoot\":\"" + Hashing.sha256Hex("root-" + i + salt)
                    + "\",\"recorded\":" + i + "}";
            Instant at = Instant.parse("2026-11-30T10:00:00Z").plusSeconds(i);
            String hash = AuditEntry.computeHash(i, at, "ingest", "BATCH_RECORDED", "ingest_batch", "batch-" + i, null,
                    after, null, null, prev);
            entries.add(new AuditEntry(i, at, "ingest", "BATCH_RECORDED", "ingest_batch", "batch-" + i, null, after,
                    null, null, prev, hash));
            prev = hash;
        }
        return entries;
    }

    private static AuditHead head(LocalDate day, List<AuditEntry> chain, int first, int last) {
        MerkleTree.Accumulator acc = new MerkleTree.Accumulator();
        long txs = 0;
        for (AuditEntry e : chain.subList(first - 1, last)) {
            HeadCheck.BatchRoot r = HeadCheck.batchRoot(e.action(), e.afterState()).orElseThrow();
            acc.add(r.root());
            txs += r.recorded();
        }
        String hash = last == 0 ? AuditEntry.GENESIS : chain.get(last - 1).hash();
        return new AuditHead(1, day, first, last, hash, acc.root(), acc.count(), txs, "k", "s");
    }

    private static HeadCheck walk(List<AuditEntry> entries, List<AuditHead> heads) {
        HeadCheck check = new HeadCheck(heads);
        entries.forEach(check::accept);
        check.finish(true);
        return check;
    }

    @Test
    void aChainMatchingItsSignedDaysIsAnchoredThroughTheLastOneIncludingAnEmptyDay() {
        List<AuditEntry> chain = chain(7, "");
        List<AuditHead> heads = List.of(head(D1, chain, 1, 3), head(D1.plusDays(1), chain, 4, 3),
                head(D1.plusDays(2), chain, 4, 6));

        HeadCheck check = walk(chain, heads);

        assertThat(check.mismatches()).isEmpty();
        assertThat(check.anchoredThrough()).isEqualTo(D1.plusDays(2));
        assertThat(check.unanchoredEntries()).isEqualTo(1);
        assertThat(check.headsChecked()).isEqualTo(3);
    }

    @Test
    void aConsistentlyRewrittenChainIsNamedByTheFirstDayItChanged() {
        List<AuditEntry> original = chain(6, "");
        List<AuditHead> heads = List.of(head(D1, original, 1, 2), head(D1.plusDays(1), original, 3, 6));
        List<AuditEntry> rewritten = new ArrayList<>(original.subList(0, 2));
        rewritten.addAll(chain(6, "-forged").subList(2, 6));   // different roots from entry 3 on, own valid hashes

        HeadCheck check = walk(rewritten, heads);

        assertThat(check.mismatches()).extracting(HeadCheck.Mismatch::day).containsExactly(D1.plusDays(1));
        assertThat(check.anchoredThrough()).isEqualTo(D1);
    }

    @Test
    void entriesRemovedFromTheEndOfASignedDayAreNamed() {
        List<AuditEntry> chain = chain(5, "");
        List<AuditHead> heads = List.of(head(D1, chain, 1, 5));

        HeadCheck check = walk(chain.subList(0, 3), heads);

        assertThat(check.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.day()).isEqualTo(D1);
            assertThat(m.reason()).contains("entries were removed");
        });
    }
}
