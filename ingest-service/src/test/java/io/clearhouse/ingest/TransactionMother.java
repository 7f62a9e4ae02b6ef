package io.clearhouse.ingest;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import java.time.Instant;

/** Provider transactions for tests: {@code TransactionMother.bet("p", "tx1", "r1", 500)...}. */
public final class TransactionMother {

    public static final Instant DEFAULT_AT = Instant.parse("2026-11-24T12:00:00Z");

    private TransactionMother() {
    }

    public static TransactionReceived tx(String provider, String id, String round, TransactionType type, long amount,
                                         String ref, String player, Instant at) {
        return new TransactionReceived(TransactionReceived.SCHEMA_VERSION, provider, id, round, player, "brand-a",
                "game-1", GameType.SLOT, type, amount, "EUR", at, ref, false, null, null, at.plusSeconds(1),
                "req-" + id);
    }

    public static TransactionReceived bet(String provider, String id, String round, long amount) {
        return tx(provider, id, round, TransactionType.BET, amount, null, "player-1", DEFAULT_AT);
    }

    public static TransactionReceived win(String provider, String id, String round, long amount) {
        return tx(provider, id, round, TransactionType.WIN, amount, null, "player-1", DEFAULT_AT.plusSeconds(5));
    }

    public static TransactionReceived rollback(String provider, String id, String round, String betId, long amount) {
        return tx(provider, id, round, TransactionType.ROLLBACK, amount, betId, "player-1", DEFAULT_AT.plusSeconds(9));
    }

    public static TransactionReceived adjustment(String provider, String id, String round, String refId, long amount) {
        return tx(provider, id, round, TransactionType.ADJUSTMENT, amount, refId, "player-1", DEFAULT_AT.plusSeconds(20));
    }

    public static TransactionReceived withCurrency(TransactionReceived t, String currency) {
        return new TransactionReceived(t.schemaVersion(), t.providerId(), t.providerTxId(), t.roundId(), t.playerRef(),
                t.brandId(), t.gameId(), t.gameType(), t.type(), t.amountMinor(), currency, t.occurredAt(),
                t.refTxId(), t.freeRound(), t.campaignId(), t.jackpotContributionMinor(), t.receivedAt(),
                t.requestId());
    }

    public static TransactionReceived withAmount(TransactionReceived t, long amount) {
        return new TransactionReceived(t.schemaVersion(), t.providerId(), t.providerTxId(), t.roundId(), t.playerRef(),
                t.brandId(), t.gameId(), t.gameType(), t.type(), amount, t.currency(), t.occurredAt(), t.refTxId(),
                t.freeRound(), t.campaignId(), t.jackpotContributionMinor(), t.receivedAt(), t.requestId());
    }
}
