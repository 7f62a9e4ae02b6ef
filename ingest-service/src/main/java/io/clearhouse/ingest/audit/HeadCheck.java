package io.clearhouse.ingest.audit;

import io.clearhouse.common.audit.AuditEntry;
import io.clearhouse.common.audit.AuditHead;
import io.clearhouse.common.hash.MerkleTree;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the audit chain, entry by entry in sequence order, against signed daily heads: at the last
 * entry of each signed day, the chain hash, the Merkle root over the day's batch roots, the batch and
 * transaction counts must be what the head says. A database rewritten consistently (rows, batch roots
 * and every later hash recomputed) passes the chain check but not this one. The same rule
 * ({@link #batchRoot}) decides what {@link DailyHeadSigner} puts into a day's tree.
 */
final class HeadCheck {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A day whose signed head the log does not match, and why. */
    record Mismatch(LocalDate day, String reason) {
    }

    /** The batch root (and its transaction count) an entry adds to its day's tree, if any. */
    record BatchRoot(String root, long recorded) {
    }

    private final List<AuditHead> heads;
    private final List<Mismatch> mismatches = new ArrayList<>();
    private int next;
    private long lastSeq;
    private String lastHash = AuditEntry.GENESIS;
    private long expectedFirst = 1;
    private long anchoredSeq;
    private LocalDate anchoredThrough;
    private MerkleTree.Accumulator day = new MerkleTree.Accumulator();
    private long dayTransactions;
    private int checked;

    /** @param heads signature-verified heads, at most one per day */
    HeadCheck(List<AuditHead> heads) {
        this.heads = heads.stream().sorted(Comparator.comparing(AuditHead::day)).toList();
    }

    static Optional<BatchRoot> batchRoot(String action, String afterState) {
        if (!"BATCH_RECORDED".equals(action) || afterState == null) {
            return Optional.empty();
        }
        JsonNode after = JSON.readTree(afterState);
        if (!after.has("merkleRoot")) {
            return Optional.empty();
        }
        return Optional.of(new BatchRoot(after.get("merkleRoot").asString(), after.path("recorded").asLong()));
    }

    /** The next entry of the chain (its own hash already verified). */
    void accept(AuditEntry e) {
        settle();
        batchRoot(e.action(), e.afterState()).ifPresent(r -> {
            day.add(r.root());
            dayTransactions += r.recorded();
        });
        lastSeq = e.seq();
        lastHash = e.hash();
        settle();
    }

    /** Compares every head whose day ends at or before the entry last accepted. */
    private void settle() {
        while (next < heads.size() && heads.get(next).lastSeq() <= lastSeq) {
            AuditHead h = heads.get(next++);
            checked++;
            String problem = null;
            if (h.firstSeq() != expectedFirst) {
                problem = "the signed head starts at entry " + h.firstSeq() + ", the previous signed day ended at entry "
                        + (expectedFirst - 1);
            } else if (h.lastSeq() != lastSeq) {
                problem = "the signed head ends at entry " + h.lastSeq() + ", which the chain passed without a match";
            } else if (!h.chainHash().equals(lastHash)) {
                problem = "the chain hash at entry " + h.lastSeq() + " is not the signed one: the log up to this day was"
                        + " rewritten";
            } else if (!h.merkleRoot().equals(day.root()) || h.batches() != day.count()
                    || h.transactions() != dayTransactions) {
                problem = "the day's batches (" + day.count() + " roots, " + dayTransactions
                        + " transactions) do not match the signed Merkle root (" + h.batches() + " roots, "
                        + h.transactions() + " transactions)";
            }
            if (problem == null) {
                anchoredThrough = h.day();
                anchoredSeq = h.lastSeq();
            } else {
                mismatches.add(new Mismatch(h.day(), problem));
            }
            expectedFirst = h.lastSeq() + 1;
            day = new MerkleTree.Accumulator();
            dayTransactions = 0;
        }
    }

    /**
     * After the walk. {@code complete}: the whole chain was read, so a signed day beyond its end means
     * entries were removed; otherwise (the chain broke first) the remaining days are not judged here.
     */
    void finish(boolean complete) {
        settle();
        if (complete) {
            while (next < heads.size()) {
                AuditHead h = heads.get(next++);
                checked++;
                mismatches.add(new Mismatch(h.day(), "the signed head covers entries up to " + h.lastSeq()
                        + ", the log ends at entry " + lastSeq + ": entries were removed"));
            }
        }
    }

    List<Mismatch> mismatches() {
        return List.copyOf(mismatches);
    }

    int headsChecked() {
        return checked;
    }

    /** The last day whose head matched, or null. */
    LocalDate anchoredThrough() {
        return anchoredThrough;
    }

    /** Entries after the last matched head: not yet covered by a signature. */
    long unanchoredEntries() {
        return lastSeq - anchoredSeq;
    }
}
