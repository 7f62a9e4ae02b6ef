package io.clearhouse.common.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.TransactionRules.Origin;
import io.clearhouse.common.transaction.TransactionRules.Violation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one set of rules every path that creates a transaction applies. */
class TransactionRulesTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-02T10:00:00Z");

    private static TransactionReceived tx(String id, TransactionType type, long amountMinor, Instant occurredAt,
                                          String refTxId, Long jackpot) {
        return new TransactionReceived(TransactionReceived.SCHEMA_VERSION, "acme", id, "r-1", "p-1", "b-1", "g-1",
                GameType.SLOT, type, amountMinor, "EUR", occurredAt, refTxId, false, null, jackpot, RECEIVED, "req");
    }

    private static TransactionReceived bet(long amountMinor, Instant occurredAt) {
        return tx("tx-1", TransactionType.BET, amountMinor, occurredAt, null, null);
    }

    private static List<String> fields(TransactionReceived t, Origin origin) {
        return TransactionRules.check(t, origin, Instant.EPOCH).stream().map(Violation::field).toList();
    }

    @Test
    void aPlainBetBreaksNoRule() {
        assertThat(fields(bet(250, RECEIVED.minusSeconds(60)), Origin.PROVIDER)).isEmpty();
    }

    @Test
    void anOccurredAtBeforeYearOneOrOlderThanTheHorizonIsRefused() {
        assertThat(fields(bet(250, Instant.parse("0000-06-15T00:00:00Z")), Origin.PROVIDER)).containsExactly("occurredAt");
        assertThat(fields(bet(250, RECEIVED.minus(TransactionRules.MAX_AGE).minusSeconds(1)), Origin.PROVIDER))
                .containsExactly("occurredAt");
        assertThat(fields(bet(250, RECEIVED.minus(TransactionRules.MAX_AGE).plusSeconds(1)), Origin.PROVIDER)).isEmpty();
    }

    @Test
    void anOccurredAtFurtherAheadThanTheSkewIsRefused() {
        assertThat(fields(bet(250, RECEIVED.plus(TransactionRules.MAX_CLOCK_SKEW).plusSeconds(1)), Origin.PROVIDER))
                .containsExactly("occurredAt");
        assertThat(fields(bet(250, RECEIVED.plus(TransactionRules.MAX_CLOCK_SKEW)), Origin.PROVIDER)).isEmpty();
    }

    @Test
    void timeIsJudgedAtReceiptSoAReplayLaterIsJudgedTheSame() {
        TransactionReceived t = bet(250, RECEIVED.minusSeconds(60));
        assertThat(TransactionRules.check(t, Origin.PROVIDER, RECEIVED.plus(java.time.Duration.ofDays(900)))).isEmpty();
    }

    @Test
    void amountsAreBoundedInAbsoluteValueAndOnlyAnAdjustmentIsNegative() {
        long max = TransactionRules.AMOUNT_MINOR_MAX;
        assertThat(fields(bet(max, RECEIVED), Origin.PROVIDER)).isEmpty();
        assertThat(fields(bet(max + 1, RECEIVED), Origin.PROVIDER)).containsExactly("amount");
        assertThat(fields(bet(Long.MAX_VALUE, RECEIVED), Origin.PROVIDER)).containsExactly("amount");
        assertThat(fields(tx("w-1", TransactionType.WIN, -100, RECEIVED, null, null), Origin.RECONCILIATION))
                .containsExactly("amount");
        assertThat(fields(tx("a-1", TransactionType.ADJUSTMENT, -100, RECEIVED, "w-1", null), Origin.PROVIDER)).isEmpty();
        assertThat(fields(tx("a-2", TransactionType.ADJUSTMENT, Long.MIN_VALUE, RECEIVED, "w-1", null), Origin.PROVIDER))
                .containsExactly("amount");
    }

    @Test
    void reconciliationsIdNamespaceIsReservedFromProviders() {
        TransactionReceived posting = tx("recon-adj-42", TransactionType.ADJUSTMENT, 100, RECEIVED, "tx-1", null);
        assertThat(fields(posting, Origin.PROVIDER)).containsExactly("providerTxId");
        assertThat(fields(posting, Origin.RECONCILIATION)).isEmpty();
    }

    @Test
    void referencesJackpotsAndIdsFollowTheTypeRules() {
        assertThat(fields(tx("rb-1", TransactionType.ROLLBACK, 100, RECEIVED, null, null), Origin.PROVIDER))
                .containsExactly("refTxId");
        assertThat(fields(tx("w-1", TransactionType.WIN, 100, RECEIVED, null, 10L), Origin.PROVIDER))
                .containsExactly("jackpotContribution");
        assertThat(fields(tx("b-1", TransactionType.BET, 100, RECEIVED, null, 101L), Origin.PROVIDER))
                .containsExactly("jackpotContribution");
        assertThat(fields(tx("has space", TransactionType.BET, 100, RECEIVED, null, null), Origin.PROVIDER))
                .containsExactly("providerTxId");
    }
}
