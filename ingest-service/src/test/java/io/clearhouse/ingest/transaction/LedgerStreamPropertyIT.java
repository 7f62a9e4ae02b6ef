package io.clearhouse.ingest.transaction;

import static io.clearhouse.ingest.IngestStack.awaitConsumed;
import static io.clearhouse.ingest.IngestStack.publish;
import static io.clearhouse.ingest.IngestStack.sql;
import static io.clearhouse.ingest.TransactionMother.withAmount;
import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.testing.Gen;
import io.clearhouse.common.testing.PropertyCheck;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.ingest.IngestIntegrationTest;
import io.clearhouse.ingest.TransactionMother;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Random provider streams (bets, wins, rollbacks before and after their bet, rollbacks of wins and
 * second rollbacks, duplicates, conflicting duplicates, rounds interleaved) go through the real
 * broker, listener and database. A model that applies the rules one transaction at a time must agree
 * with the database on every key; rollbacks apply at most once; and replaying the whole topic from
 * offset 0 leaves the same rows and the same audit chain head. Tries are few: each one is a real
 * round trip plus a full replay. Not shrunk: a failing stream is replayed from the printed seed.
 */
class LedgerStreamPropertyIT extends IngestIntegrationTest {

    private static final AtomicInteger RUN = new AtomicInteger();
    private static final String RUN_TAG = Long.toString(System.currentTimeMillis(), 36);
    private static final int ROUNDS_MIN = 3;
    private static final int ROUNDS_MAX = 14;

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @LocalServerPort
    int port;

    /** One try: the seed of the stream's randomness and its number of rounds. */
    record StreamCase(long seed, int rounds) {
    }

    @Test
    void everyKeyIsRecordedOnceEffectsMatchTheModelAndAReplayChangesNothing() {
        PropertyCheck.forAll(r -> new StreamCase(r.nextLong(), Gen.intBetween(r, ROUNDS_MIN, ROUNDS_MAX)))
                .edgeCases(List.of(new StreamCase(0, ROUNDS_MIN), new StreamCase(-1, ROUNDS_MAX)))
                .tries(5).check(this::recordsOnceMatchesTheModelAndReplaysToTheSameState);
    }

    private void recordsOnceMatchesTheModelAndReplaysToTheSameState(StreamCase c) throws Exception {
        long seed = c.seed();
        int rounds = c.rounds();
        String p = "prop-" + RUN_TAG + "-" + RUN.incrementAndGet();
        List<TransactionReceived> stream = stream(p, new Random(seed), rounds);
        Model model = Model.of(stream);

        publish(stream);
        awaitConsumed();

        assertThat(sql("SELECT provider_tx_id || ' ' || type || ' ' || amount_minor FROM ingest.transactions "
                + "WHERE provider_id = ?", p)).containsExactlyInAnyOrderElementsOf(model.recordedRows());
        assertThat(sql("SELECT count(*) FROM ingest.transaction_keys WHERE provider_id = ?", p))
                .containsExactly(String.valueOf(model.first.size()));
        assertThat(sql("SELECT count(*) FROM ingest.duplicates WHERE provider_id = ?", p))
                .containsExactly(String.valueOf(model.duplicates));
        assertThat(sql("SELECT count(*) FROM ingest.conflicts WHERE provider_id = ?", p))
                .containsExactly(String.valueOf(model.conflicts));
        assertThat(sql("SELECT provider_tx_id FROM ingest.transaction_keys WHERE provider_id = ? AND fate = 'REJECTED' "
                + "UNION ALL SELECT provider_tx_id FROM ingest.parked_outcomes WHERE provider_id = ? "
                + "AND outcome <> 'APPLIED'", p, p)).containsExactlyInAnyOrderElementsOf(model.rejected);
        assertThat(sql("SELECT coalesce(sum(CASE type WHEN 'BET' THEN amount_minor WHEN 'ROLLBACK' THEN -amount_minor "
                + "ELSE -amount_minor END), 0) FROM ingest.transactions WHERE provider_id = ?", p))
                .containsExactly(String.valueOf(model.ggrMinor()));
        assertThat(sql("SELECT ref_tx_id FROM ingest.transactions WHERE provider_id = ? AND type = 'ROLLBACK' "
                + "GROUP BY ref_tx_id HAVING count(*) > 1", p)).isEmpty();

        // the summary kept batch by batch says what a count over the whole ledger says
        List<String> summary = SummaryRecount.answered(port, p);
        assertThat(summary).as("seed %d", seed).isNotEmpty().isEqualTo(SummaryRecount.recounted(p));

        List<String> before = snapshot();
        replayWholeTopicFromOffsetZero();
        assertThat(snapshot()).isEqualTo(before);
        assertThat(SummaryRecount.answered(port, p)).as("after the replay").isEqualTo(summary);
    }

    /** Rows, judgements, deliveries and the audit chain head, across every provider. */
    private static List<String> snapshot() {
        List<String> s = new ArrayList<>();
        s.addAll(sql("SELECT count(*) || ' ' || coalesce(md5(string_agg(transaction_id::text || content_hash || batch_id, "
                + "',' ORDER BY transaction_id)), '-') FROM ingest.transactions"));
        s.addAll(sql("SELECT count(*) || ' ' || coalesce(md5(string_agg(transaction_id::text || fate, ',' "
                + "ORDER BY transaction_id)), '-') FROM ingest.transaction_keys"));
        s.addAll(sql("SELECT count(*) FROM ingest.duplicates"));
        s.addAll(sql("SELECT count(*) FROM ingest.conflicts"));
        s.addAll(sql("SELECT count(*) FROM ingest.reversals"));
        s.addAll(sql("SELECT coalesce(max(seq) || ' ' || (SELECT hash FROM ingest.audit_log ORDER BY seq DESC LIMIT 1), "
                + "'-') FROM ingest.audit_log"));
        return s;
    }

    private void replayWholeTopicFromOffsetZero() throws Exception {
        MessageListenerContainer container = registry.getListenerContainer("ingest-transactions");
        container.stop();
        sql("UPDATE ingest.consumer_offsets SET next_offset = 0 WHERE group_id = 'ingest'");
        container.start();
        awaitConsumed();
    }

    /** A random stream: rounds of play interleaved, with the faults providers produce. */
    static List<TransactionReceived> stream(String p, Random random, int rounds) {
        List<List<TransactionReceived>> perRound = new ArrayList<>();
        Instant at = TransactionMother.DEFAULT_AT;
        for (int r = 0; r < rounds; r++) {
            String round = "r" + r;
            List<TransactionReceived> txs = new ArrayList<>();
            long stake = 1 + random.nextInt(1_000);
            TransactionReceived bet = TransactionMother.tx(p, "b" + r, round, TransactionType.BET, stake, null, "pl", at);
            TransactionReceived win = TransactionMother.tx(p, "w" + r, round, TransactionType.WIN,
                    1 + random.nextInt(2_000), null, "pl", at.plusSeconds(1));
            TransactionReceived rollback = TransactionMother.tx(p, "rb" + r, round, TransactionType.ROLLBACK,
                    random.nextInt(8) == 0 ? stake + 1 : stake, "b" + r, "pl", at.plusSeconds(2));
            boolean earlyRollback = random.nextInt(5) == 0;
            if (earlyRollback) {
                txs.add(rollback);
            }
            if (random.nextInt(12) != 0) {            // now and then the bet never comes
                txs.add(bet);
            }
            if (random.nextBoolean()) {
                txs.add(win);
            }
            if (!earlyRollback && random.nextInt(4) == 0) {
                txs.add(rollback);
            }
            if (random.nextInt(6) == 0) {
                txs.add(TransactionMother.tx(p, "rbx" + r, round, TransactionType.ROLLBACK, stake, "b" + r, "pl",
                        at.plusSeconds(3)));      // a second rollback of the same bet
            }
            if (random.nextInt(6) == 0) {
                txs.add(TransactionMother.tx(p, "rbw" + r, round, TransactionType.ROLLBACK, win.amountMinor(),
                        "w" + r, "pl", at.plusSeconds(4)));   // a rollback of a win
            }
            int extra = random.nextInt(3);
            for (int i = 0; i < extra && !txs.isEmpty(); i++) {
                TransactionReceived again = txs.get(random.nextInt(txs.size()));
                txs.add(random.nextInt(3) == 0 ? withAmount(again, again.amountMinor() + 7) : again);
            }
            perRound.add(txs);
        }
        // interleave rounds at random, each round keeping its own order (its Kafka key keeps it)
        List<TransactionReceived> out = new ArrayList<>();
        int[] next = new int[rounds];
        int left = perRound.stream().mapToInt(List::size).sum();
        while (left > 0) {
            int r = random.nextInt(rounds);
            if (next[r] < perRound.get(r).size()) {
                out.add(perRound.get(r).get(next[r]++));
                left--;
            }
        }
        return out;
    }

    /** The rules applied one transaction at a time, written independently of the service. */
    static final class Model {
        final Map<String, TransactionReceived> first = new LinkedHashMap<>();
        final Map<String, TransactionReceived> recorded = new LinkedHashMap<>();
        final Set<String> reversed = new HashSet<>();
        final Map<String, List<TransactionReceived>> parked = new HashMap<>();
        final Set<String> rejected = new TreeSet<>();
        long duplicates;
        long conflicts;

        static Model of(List<TransactionReceived> stream) {
            Model m = new Model();
            stream.forEach(m::apply);
            return m;
        }

        void apply(TransactionReceived tx) {
            TransactionReceived seen = first.get(tx.providerTxId());
            if (seen != null) {
                if (seen.contentHash().equals(tx.contentHash())) {
                    duplicates++;
                } else {
                    conflicts++;
                }
                return;
            }
            first.put(tx.providerTxId(), tx);
            if (tx.type() == TransactionType.ROLLBACK) {
                if (!first.containsKey(tx.refTxId())) {
                    parked.computeIfAbsent(tx.refTxId(), k -> new ArrayList<>()).add(tx);
                } else {
                    reverse(tx, first.get(tx.refTxId()));
                }
                return;
            }
            recorded.put(tx.providerTxId(), tx);
            for (TransactionReceived waiting : parked.getOrDefault(tx.providerTxId(), List.of())) {
                reverse(waiting, tx);
            }
            parked.remove(tx.providerTxId());
        }

        private void reverse(TransactionReceived rollback, TransactionReceived target) {
            boolean ok = target.type() == TransactionType.BET && recorded.containsKey(target.providerTxId())
                    && !reversed.contains(target.providerTxId()) && target.amountMinor() == rollback.amountMinor()
                    && target.currency().equals(rollback.currency());
            if (ok) {
                reversed.add(target.providerTxId());
                recorded.put(rollback.providerTxId(), rollback);
            } else {
                rejected.add(rollback.providerTxId());
            }
        }

        List<String> recordedRows() {
            return recorded.values().stream().map(t -> t.providerTxId() + " " + t.type() + " " + t.amountMinor()).toList();
        }

        /** Σ bets − Σ wins − Σ rollbacks, in minor units. */
        long ggrMinor() {
            return recorded.values().stream()
                    .mapToLong(t -> t.type() == TransactionType.BET ? t.amountMinor() : -t.amountMinor()).sum();
        }
    }
}
