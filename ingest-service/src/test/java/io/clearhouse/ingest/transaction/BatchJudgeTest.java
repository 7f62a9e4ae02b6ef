package io.clearhouse.ingest.transaction;

import static io.clearhouse.ingest.TransactionMother.adjustment;
import static io.clearhouse.ingest.TransactionMother.bet;
import static io.clearhouse.ingest.TransactionMother.tx;
import static io.clearhouse.ingest.TransactionMother.withCurrency;
import static io.clearhouse.ingest.TransactionMother.rollback;
import static io.clearhouse.ingest.TransactionMother.win;
import static io.clearhouse.ingest.TransactionMother.withAmount;
import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
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

    private static java.util.Optional<String> reasonFor(BatchPlan plan, String providerTxId) {
        return plan.newKeys.stream().filter(k -> k.key().providerTxId().equals(providerTxId))
                .filter(k -> k.fate() == Fate.REJECTED).map(BatchPlan.NewKey::reason).findFirst();
    }

    @Test
    void anAdjustmentCorrectsARecordedBetOrWinAndCarriesItsTypeAndDate() {
        BatchPlan plan = judge(DEFAULTS, bet("p", "b1", "r1", 500), win("p", "w1", "r1", 900),
                adjustment("p", "a1", "r1", "b1", -50), adjustment("p", "a2", "r1", "w1", 25),
                tx("p", "j1", "r2", TransactionType.JACKPOT_WIN, 10_000, null, "player-1", NOW),
                tx("p", "f1", "r2", TransactionType.FREE_ROUND_WIN, 300, null, "player-1", NOW),
                adjustment("p", "a3", "r2", "j1", 1), adjustment("p", "a4", "r2", "f1", -300));
        assertThat(plan.newKeys).noneMatch(k -> k.fate() == Fate.REJECTED);
        assertThat(plan.recorded).filteredOn(r -> r.tx().type() == TransactionType.ADJUSTMENT)
                .extracting(r -> r.tx().providerTxId() + " " + r.adjustedType() + " " + r.reversesBusinessDate())
                .containsExactly("a1 BET 2026-11-24", "a2 WIN 2026-11-24", "a3 JACKPOT_WIN 2026-11-25",
                        "a4 FREE_ROUND_WIN 2026-11-25");
        assertThat(plan.recorded).filteredOn(r -> r.tx().type() != TransactionType.ADJUSTMENT)
                .allSatisfy(r -> assertThat(r.adjustedType()).isNull());
        assertThat(LedgerStore.recordedEvent(plan.recorded.get(2), NOW).adjustedType()).isEqualTo(TransactionType.BET);
    }

    @Test
    void anAdjustmentOfAnAdjustmentCorrectsWhatThatOneCorrected() {
        BatchPlan sameBatch = judge(DEFAULTS, win("p", "w1", "r1", 900), adjustment("p", "recon-adj-1", "r1", "w1", 40),
                adjustment("p", "recon-adj-2", "r1", "recon-adj-1", -40));
        assertThat(sameBatch.recorded).extracting(BatchPlan.Recorded::adjustedType)
                .containsExactly(null, TransactionType.WIN, TransactionType.WIN);

        // the same, against what the database knows from an earlier batch
        KnownKey earlier = new KnownKey(new TxKey("p", "recon-adj-1", ""), new TxKey("p", "recon-adj-1", "")
                .transactionId(), Fate.RECORDED, TransactionType.ADJUSTMENT, TransactionType.BET, 40, "EUR",
                LocalDate.parse("2026-11-20"), "h", 0, 1);
        BatchJudge judge = new BatchJudge(Map.of(earlier.key(), earlier), Map.of(), Map.of(), NOW);
        judge.judge(new IncomingTransaction(adjustment("p", "recon-adj-2", "r1", "recon-adj-1", -40), 0, 9), DEFAULTS);
        assertThat(judge.plan.recorded).singleElement().satisfies(r -> {
            assertThat(r.adjustedType()).isEqualTo(TransactionType.BET);
            assertThat(r.reversesBusinessDate()).isEqualTo(LocalDate.parse("2026-11-20"));
        });
    }

    @Test
    void anAdjustmentOfNothingRecordedOfARollbackInAnotherCurrencyOrOfZeroIsRejectedWithAReason() {
        BatchPlan plan = judge(DEFAULTS, bet("p", "b1", "r1", 500), rollback("p", "rb1", "r1", "b1", 500),
                rollback("p", "rb2", "r1", "b1", 500),                      // rejected: already rolled back
                rollback("p", "early", "r2", "b9", 100),                    // parked: b9 never came
                adjustment("p", "a-unknown", "r1", "nope", 10),
                adjustment("p", "a-rollback", "r1", "rb1", 10),
                adjustment("p", "a-rejected", "r1", "rb2", 10),
                adjustment("p", "a-parked", "r2", "early", 10),
                withCurrency(adjustment("p", "a-ccy", "r1", "b1", 10), "USD"),
                adjustment("p", "a-zero", "r1", "b1", 0),
                adjustment("p", "a-of-rejected", "r1", "a-zero", 5));
        assertThat(reasonFor(plan, "a-unknown")).hasValueSatisfying(r -> assertThat(r).contains("nope is not known"));
        assertThat(reasonFor(plan, "a-rollback")).hasValueSatisfying(r -> assertThat(r).contains("rb1 is a ROLLBACK"));
        assertThat(reasonFor(plan, "a-rejected")).hasValueSatisfying(r -> assertThat(r).contains("rb2 was REJECTED"));
        assertThat(reasonFor(plan, "a-parked")).hasValueSatisfying(r -> assertThat(r).contains("early was PARKED"));
        assertThat(reasonFor(plan, "a-ccy")).hasValueSatisfying(r -> assertThat(r).contains("USD differs from b1's EUR"));
        assertThat(reasonFor(plan, "a-zero")).hasValueSatisfying(r -> assertThat(r).contains("ADJUSTMENT of 0"));
        assertThat(reasonFor(plan, "a-of-rejected")).hasValueSatisfying(r -> assertThat(r).contains("a-zero was REJECTED"));
        assertThat(plan.recorded).extracting(r -> r.tx().providerTxId()).containsExactly("b1", "rb1");
    }

    @Test
    void anAdjustmentOfALegacyAdjustmentWithoutAnAdjustedTypeIsRejected() {
        KnownKey legacy = new KnownKey(new TxKey("p", "old-adj", ""), new TxKey("p", "old-adj", "").transactionId(),
                Fate.RECORDED, TransactionType.ADJUSTMENT, null, 40, "EUR", LocalDate.parse("2026-01-01"), "h", 0, 1);
        BatchJudge judge = new BatchJudge(Map.of(legacy.key(), legacy), Map.of(), Map.of(), NOW);
        judge.judge(new IncomingTransaction(adjustment("p", "a2", "r1", "old-adj", -40), 0, 9), DEFAULTS);
        assertThat(judge.plan.newKeys).singleElement().satisfies(k -> {
            assertThat(k.fate()).isEqualTo(Fate.REJECTED);
            assertThat(k.reason()).contains("before adjusted types were kept");
        });
    }

    @Test
    void adjustmentReferencesFollowTheProvidersUniquenessMode() {
        ProviderSettings perPlayer = new ProviderSettings("p", ZoneId.of("UTC"), 0,
                UniquenessMode.PROVIDER_TX_ID_PLAYER, Duration.ofHours(1), true);
        TransactionReceived otherPlayersAdjustment = tx("p", "a1", "r1", TransactionType.ADJUSTMENT, 10, "b1",
                "player-2", NOW);
        BatchPlan plan = judge(perPlayer, bet("p", "b1", "r1", 500), otherPlayersAdjustment,
                adjustment("p", "a1", "r1", "b1", 10));
        assertThat(reasonFor(plan, "a1")).hasValueSatisfying(r -> assertThat(r).contains("b1 is not known"));
        assertThat(plan.recorded).extracting(r -> r.tx().providerTxId() + "@" + r.tx().playerRef())
                .containsExactly("b1@player-1", "a1@player-1");
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
