package io.clearhouse.ingest.transaction;

import static io.clearhouse.ingest.TransactionMother.bet;
import static io.clearhouse.ingest.TransactionMother.rollback;
import static io.clearhouse.ingest.TransactionMother.win;
import static io.clearhouse.ingest.TransactionMother.withAmount;
import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.ingest.provider.ProviderSettings;
import io.clearhouse.ingest.provider.UniquenessMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchJudgeTest {

    private static final ProviderSettings DEFAULTS = ProviderSettings.defaults("p", Duration.ofHours(1));
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

    private static BatchPlan judge(ProviderSettings s, TransactionReceived... txs) {
        BatchJudge judge = new BatchJudge(Map.of(), Map.of(), Map.of(), NOW);
        for (int i = 0; i < txs.length; i++) {
            judge.judge(new IncomingTransaction(txs[i], 0, i), s);
        }
        return judge.plan;
    }

    @Test
    void sameKeySameContentIsADuplicateAndOtherContentAConflictWhileTheFirstStands() {
        TransactionReceived b = bet("p", "b1", "r1", 500);
        BatchPlan plan = judge(DEFAULTS, b, b, withAmount(b, 501));
        assertThat(plan.recorded).extracting(r -> r.tx().amountMinor()).containsExactly(500L);
        assertThat(plan.duplicates).hasSize(1);
        assertThat(plan.conflicts).hasSize(1);
        assertThat(plan.conflicts.get(0).originalHash()).isEqualTo(b.contentHash());
    }

    @Test
    void rollbackReversesItsBetAtMostOnce() {
        BatchPlan plan = judge(DEFAULTS, bet("p", "b1", "r1", 500), rollback("p", "rb1", "r1", "b1", 500),
                rollback("p", "rb2", "r1", "b1", 500));
        assertThat(plan.recorded).extracting(r -> r.tx().providerTxId()).containsExactly("b1", "rb1");
        assertThat(plan.reversals).hasSize(1);
        assertThat(plan.newKeys).filteredOn(k -> k.fate() == Fate.REJECTED)
                .singleElement().satisfies(k -> assertThat(k.reason()).contains("already rolled back"));
    }

    @Test
    void rollbackOfAWinOrWithAnotherAmountIsRefusedWithAReason() {
        BatchPlan plan = judge(DEFAULTS, win("p", "w1", "r1", 900), rollback("p", "rb1", "r1", "w1", 900),
                bet("p", "b2", "r2", 100), rollback("p", "rb2", "r2", "b2", 99));
        assertThat(plan.newKeys).filteredOn(k -> k.fate() == Fate.REJECTED).extracting(BatchPlan.NewKey::reason)
                .satisfiesExactly(r -> assertThat(r).contains("only a BET can be rolled back; w1 is a WIN"),
                        r -> assertThat(r).contains("differs from the BET's 100"));
        assertThat(plan.reversals).isEmpty();
    }

    @Test
    void earlyRollbackIsParkedAndAppliedWhenItsBetArrives() {
        BatchPlan plan = judge(DEFAULTS, rollback("p", "rb1", "r1", "b1", 500), bet("p", "b1", "r1", 500));
        assertThat(plan.parked).singleElement().satisfies(p -> assertThat(p.expiresAt()).isEqualTo(NOW.plusSeconds(3600)));
        assertThat(plan.outcomes).singleElement().satisfies(o -> assertThat(o.outcome()).isEqualTo("APPLIED"));
        assertThat(plan.recorded).extracting(r -> r.tx().providerTxId()).containsExactly("b1", "rb1");
        assertThat(plan.recorded.get(1).reversesBusinessDate()).isEqualTo(LocalDate.parse("2026-11-24"));
    }

    @Test
    void theSameRecordDeliveredAgainIsARedeliveryNotADuplicate() {
        TransactionReceived b = bet("p", "b1", "r1", 500);
        BatchJudge judge = new BatchJudge(Map.of(), Map.of(), Map.of(), NOW);
        judge.judge(new IncomingTransaction(b, 3, 7), DEFAULTS);
        judge.judge(new IncomingTransaction(b, 3, 7), DEFAULTS);
        assertThat(judge.plan.redelivered).isEqualTo(1);
        assertThat(judge.plan.duplicates).isEmpty();
    }

    @Test
    void idsUniquePerPlayerAreDistinctKeysForDistinctPlayers() {
        ProviderSettings perPlayer = new ProviderSettings("p", ZoneId.of("UTC"), 0,
                UniquenessMode.PROVIDER_TX_ID_PLAYER, Duration.ofHours(1), true);
        TransactionReceived a = bet("p", "b1", "r1", 500);
        TransactionReceived other = io.clearhouse.ingest.TransactionMother.tx("p", "b1", "r1",
                io.clearhouse.common.transaction.TransactionType.BET, 500, null, "player-2", a.occurredAt());
        assertThat(judge(perPlayer, a, other).recorded).hasSize(2);
        assertThat(judge(DEFAULTS, a, other).conflicts).hasSize(1);
    }

    @Test
    void businessDateFollowsTheProvidersZoneAndCutOff() {
        ProviderSettings seoul = new ProviderSettings("p", ZoneId.of("Asia/Seoul"), 6, UniquenessMode.PROVIDER_TX_ID,
                Duration.ofHours(1), true);
        // 20:30 UTC = 05:30 next day in Seoul, before the 06:00 cut-off: still the 24th
        assertThat(seoul.businessDate(Instant.parse("2026-11-24T20:30:00Z"))).isEqualTo(LocalDate.parse("2026-11-24"));
        // 21:00 UTC = 06:00 in Seoul: the 25th begins
        assertThat(seoul.businessDate(Instant.parse("2026-11-24T21:00:00Z"))).isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(DEFAULTS.businessDate(Instant.parse("2026-11-24T23:59:59Z"))).isEqualTo(LocalDate.parse("2026-11-24"));
    }

    @Test
    void transactionIdIsStableForAKeyAndDiffersBetweenKeys() {
        TxKey k = new TxKey("p", "b1", "");
        assertThat(k.transactionId()).isEqualTo(new TxKey("p", "b1", "").transactionId());
        assertThat(k.transactionId()).isNotEqualTo(new TxKey("p", "b1", "player-1").transactionId());
        assertThat(List.of(k.transactionId().version())).containsExactly(8);
    }
}
