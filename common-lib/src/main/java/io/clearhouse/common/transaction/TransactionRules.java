package io.clearhouse.common.transaction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules every transaction obeys, whoever creates it: the gateway for a provider's request,
 * ingest again for each record it consumes (a record that breaks them is poison for the dead-letter
 * topic, never a database error that stalls a partition), reconciliation for the adjustments it
 * posts. One place, so that no path records what another refuses.
 *
 * <p>Time bounds are taken from the moment the gateway received the transaction
 * ({@link TransactionReceived#receivedAt()}), so a record replayed from Kafka a week later is judged
 * exactly as it was on arrival.
 */
public final class TransactionRules {

    /** The longest identifier (transaction, round, brand, game, reference) any path accepts. */
    public static final int ID_MAX_LENGTH = 128;
    /** Identifiers are printable ASCII without spaces, bounded so one field cannot bloat a row. */
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7E]{1," + ID_MAX_LENGTH + "}");
    public static final int PLAYER_REF_MAX = 64;
    /** A provider clock may run a little ahead; further ahead is a bug on their side, not a bet. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /**
     * How far back a transaction may have happened: a year and a month covers a monthly period, late
     * resubmissions and corrections. Older is a provider's bug (or a year-0 timestamp that PostgreSQL
     * refuses); it would also open a ledger partition per stray date.
     */
    public static final Duration MAX_AGE = Duration.ofDays(400);
    /**
     * The largest amount of one transaction, in minor units (1,000,000,000.00 USD; 100,000,000,000 KRW).
     * A sane bound for one bet or win, and far enough below {@code Long.MAX_VALUE} that a day of them
     * cannot overflow a 64-bit sum before tens of millions of maximal transactions.
     */
    public static final long AMOUNT_MINOR_MAX = 100_000_000_000L;
    /**
     * Transaction ids starting with this are reconciliation's postings ({@code recon-adj-…},
     * {@code recon-rev-…}); a provider that used one first would void an operator's decision.
     */
    public static final String RESERVED_ID_PREFIX = "recon-";

    /** Who creates the transaction: only reconciliation may use the reserved id namespace. */
    public enum Origin { PROVIDER, RECONCILIATION }

    /** One broken rule: the wire field it concerns and why. */
    public record Violation(String field, String message) {
    }

    private TransactionRules() {
    }

    /** Every rule {@code t} breaks, judged at {@code t.receivedAt()} (or {@code now} when it has none). */
    public static List<Violation> check(TransactionReceived t, Origin origin, Instant now) {
        List<Violation> v = new ArrayList<>();
        Instant at = t.receivedAt() == null ? now : t.receivedAt();
        id(v, "providerTxId", t.providerTxId(), true);
        id(v, "roundId", t.roundId(), true);
        id(v, "brandId", t.brandId(), true);
        id(v, "gameId", t.gameId(), true);
        id(v, "refTxId", t.refTxId(), t.type().requiresReference());
        id(v, "campaignId", t.campaignId(), t.freeRound());
        String playerRef = t.playerRef();
        if (playerRef == null) {
            v.add(new Violation("playerRef", "is required"));
        } else if (!ID.matcher(playerRef).matches() || playerRef.length() > PLAYER_REF_MAX || playerRef.contains("@")) {
            v.add(new Violation("playerRef", "must be an opaque pseudonymous reference of 1 to " + PLAYER_REF_MAX
                    + " printable characters, never an e-mail address or a name"));
        }
        if (t.gameType() == null) {
            v.add(new Violation("gameType", "is required"));
        }
        if (origin == Origin.PROVIDER && t.providerTxId() != null && t.providerTxId().startsWith(RESERVED_ID_PREFIX)) {
            v.add(new Violation("providerTxId", "ids starting with '" + RESERVED_ID_PREFIX
                    + "' are reserved for reconciliation's postings"));
        }
        long amount = t.amountMinor();
        if (amount > AMOUNT_MINOR_MAX || amount < -AMOUNT_MINOR_MAX) {
            v.add(new Violation("amount", "must be at most " + AMOUNT_MINOR_MAX + " minor units in absolute value"));
        } else if (amount < 0 && t.type() != TransactionType.ADJUSTMENT) {
            v.add(new Violation("amount", "must not be negative for " + t.type()));
        }
        Long jackpot = t.jackpotContributionMinor();
        if (jackpot != null) {
            if (t.type() != TransactionType.BET) {
                v.add(new Violation("jackpotContribution", "only a BET carries a jackpot contribution"));
            } else if (jackpot < 0 || jackpot > amount) {
                v.add(new Violation("jackpotContribution", "must be between 0 and the stake"));
            }
        }
        Instant occurredAt = t.occurredAt();
        if (occurredAt.isAfter(at.plus(MAX_CLOCK_SKEW))) {
            v.add(new Violation("occurredAt", "is in the future"));
        } else if (occurredAt.isBefore(at.minus(MAX_AGE))) {
            v.add(new Violation("occurredAt", "is more than " + MAX_AGE.toDays() + " days in the past"));
        }
        return v;
    }

    private static void id(List<Violation> v, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                v.add(new Violation(field, "is required"));
            }
        } else if (!ID.matcher(value).matches()) {
            v.add(new Violation(field, "must be 1 to " + ID_MAX_LENGTH + " printable ASCII characters without spaces"));
        }
    }
}
