package io.clearhouse.launcher.demo;

import io.clearhouse.common.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A day of plausible play for one provider: rounds of a bet and usually a win, some free rounds,
 * jackpot contributions on slot bets, the odd rollback of a bet, and now and then a rollback that
 * the provider sends before its bet (ingest parks it and applies it when the bet arrives).
 * Deterministic for a seed. Amounts are generated in minor units and written as decimal strings,
 * never via floating point. {@link #conflictingResends} and {@link #rollbacksOfWins} make the faults
 * a provider also produces: a resend of a transaction with another amount, a rollback of a win;
 * {@link #inject} the ones the anomaly detection must find (an RTP drift, a volume drop, a rollback burst).
 */
public final class TransactionGenerator {

    private final SimulatedProvider provider;
    private final String runTag;
    private final Random random;
    private final Instant dayStart;
    private final int daySeconds;
    private int sequence;
    private int rollbacks;
    private int earlyRollbacks;
    private Fault fault;
    private Instant faultFrom;
    private Instant faultTo;

    /**
     * A fault the anomaly detector must find (reporting's {@code AnomalyDetector}), injected over a window of
     * the day: the game's return drifts up, play drops, or rollbacks burst.
     */
    enum Fault {
        /** Rounds win 85 % of the time instead of 60 %: the realised RTP moves from about 90 % to about 127 %. */
        RTP_DRIFT,
        /** Three rounds in four are not played: the volume drops to a quarter. */
        VOLUME_DROP,
        /** Three bets in ten are rolled back instead of three in a hundred. */
        ROLLBACK_BURST
    }

    /** Injects {@code fault} into the rounds that start in [{@code from}, {@code to}); returns this generator. */
    TransactionGenerator inject(Fault fault, Instant from, Instant to) {
        this.fault = fault;
        this.faultFrom = from;
        this.faultTo = to;
        return this;
    }

    private boolean faulty(Fault f, Instant at) {
        return fault == f && !at.isBefore(faultFrom) && at.isBefore(faultTo);
    }

    /** Play between {@code dayStart} and {@code dayEnd} (the provider's business day; 23 to 25 hours). */
    public TransactionGenerator(SimulatedProvider provider, String runTag, long seed, Instant dayStart, Instant dayEnd) {
        this.provider = provider;
        this.runTag = runTag;
        this.random = new Random(seed);
        this.dayStart = dayStart;
        // a round's last transaction comes a few seconds after its first: keep every one inside the day
        this.daySeconds = (int) java.time.Duration.between(dayStart, dayEnd).toSeconds() - 400;
    }

    /** Generates rounds until at least {@code count} transactions exist. */
    public List<Map<String, Object>> generate(int count) {
        List<Map<String, Object>> txs = new ArrayList<>(count + 3);
        while (txs.size() < count) {
            txs.addAll(round());
        }
        return txs;
    }

    private List<Map<String, Object>> round() {
        String currency = provider.currencies().get(random.nextInt(provider.currencies().size()));
        SimulatedProvider.Game game = provider.games().get(random.nextInt(provider.games().size()));
        String roundId = runTag + "-r" + (++sequence);
        String player = "p" + Integer.toHexString(0x1000 + random.nextInt(400));
        String brand = random.nextBoolean() ? "brand-aurora" : "brand-zenith";
        Instant at = dayStart.plusSeconds(random.nextInt(daySeconds)).plusMillis(random.nextInt(1000));
        long stake = stakeMinor(currency);
        boolean freeRound = "SLOT".equals(game.gameType()) && random.nextInt(25) == 0;

        List<Map<String, Object>> round = new ArrayList<>(3);
        if (faulty(Fault.VOLUME_DROP, at) && random.nextInt(4) != 0) {
            return round; // not played: the provider's traffic dropped
        }
        String betId = roundId + "-bet";
        if (!freeRound) {
            Map<String, Object> bet = tx(betId, roundId, player, brand, game, "BET", stake, currency, at);
            if ("SLOT".equals(game.gameType())) {
                bet.put("jackpotContribution", decimal(Math.max(stake / 100, 0), currency));
            }
            round.add(bet);
            int roll = random.nextInt(100);
            if (roll < (faulty(Fault.ROLLBACK_BURST, at) ? 30 : 3)) {
                Map<String, Object> rollback = tx(roundId + "-rb", roundId, player, brand, game, "ROLLBACK", stake,
                        currency, at.plusSeconds(2));
                rollback.put("refTxId", betId);
                if (roll == 0) {
                    round.add(0, rollback);     // it overtook its bet on the provider's side
                    earlyRollbacks++;
                } else {
                    round.add(rollback);
                }
                rollbacks++;
                return round;
            }
        }
        int outcome = random.nextInt(100);
        if (freeRound || outcome < (faulty(Fault.RTP_DRIFT, at) ? 85 : 60)) {
            // 60 % of rounds win 1.3x to 1.7x the stake (mean 1.5x): a return to player of about 90 %, rounded
            // down to the minor unit. Real games pay back 94-97 % over millions of rounds; a demo day has about
            // a thousand per provider and currency, so a higher edge and a narrower spread keep its GGR
            // positive as a real day's is, instead of letting chance decide the sign of each statement.
            long win = BigDecimal.valueOf(stake).multiply(BigDecimal.valueOf(130 + random.nextInt(41)))
                    .divide(BigDecimal.valueOf(100), 0, RoundingMode.DOWN).longValueExact();
            Map<String, Object> w = tx(roundId + "-win", roundId, player, brand, game,
                    freeRound ? "FREE_ROUND_WIN" : "WIN", win, currency, at.plusSeconds(3));
            if (freeRound) {
                w.put("freeRound", true);
                w.put("campaignId", "welcome-spins");
            }
            round.add(w);
        }
        return round;
    }

    /** Rollbacks generated (each reverses its bet once), and how many of them came before their bet. */
    int rollbacks() {
        return rollbacks;
    }

    int earlyRollbacks() {
        return earlyRollbacks;
    }

    /**
     * Resends of {@code count} bets or wins with the same id and one minor unit more: ingest keeps
     * the original, stores the conflicting payload and raises an exception.
     */
    public List<Map<String, Object>> conflictingResends(List<Map<String, Object>> sent, int count) {
        List<Map<String, Object>> out = new ArrayList<>(count);
        for (Map<String, Object> tx : sent) {
            if (out.size() == count) {
                break;
            }
            if (("BET".equals(tx.get("type")) || "WIN".equals(tx.get("type"))) && random.nextInt(40) == 0) {
                Map<String, Object> changed = new LinkedHashMap<>(tx);
                String currency = (String) tx.get("currency");
                long minor = Money.parse((String) tx.get("amount"), currency).minor();
                changed.put("amount", decimal(minor + 1, currency));
                out.add(changed);
            }
        }
        return out;
    }

    /** Rollbacks that reference a win instead of a bet: ingest refuses each with a reason. */
    List<Map<String, Object>> rollbacksOfWins(List<Map<String, Object>> sent, int count) {
        List<Map<String, Object>> out = new ArrayList<>(count);
        for (Map<String, Object> tx : sent) {
            if (out.size() == count) {
                break;
            }
            if ("WIN".equals(tx.get("type"))) {
                Map<String, Object> rollback = new LinkedHashMap<>(tx);
                rollback.put("providerTxId", tx.get("providerTxId") + "-rb");
                rollback.put("type", "ROLLBACK");
                rollback.put("refTxId", tx.get("providerTxId"));
                out.add(rollback);
            }
        }
        return out;
    }

    private long stakeMinor(String currency) {
        return switch (currency) {
            case "KRW" -> 1_000L * (1 + random.nextInt(100));      // 1,000 .. 100,000 KRW
            case "JPY" -> 100L * (1 + random.nextInt(100));        // 100 .. 10,000 JPY
            default -> 10L * (1 + random.nextInt(1_000));          // 0.10 .. 100.00
        };
    }

    private Map<String, Object> tx(String id, String roundId, String player, String brand,
                                   SimulatedProvider.Game game, String type, long amountMinor, String currency,
                                   Instant at) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("providerTxId", id);
        tx.put("roundId", roundId);
        tx.put("playerRef", player);
        tx.put("brandId", brand);
        tx.put("gameId", game.id());
        tx.put("gameType", game.gameType());
        tx.put("type", type);
        tx.put("amount", decimal(amountMinor, currency));
        tx.put("currency", currency);
        tx.put("occurredAt", at.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.ofHours(offsetHours(currency)))
                .toString());
        return tx;
    }

    /** Providers report in their own local offset; Clearhouse stores UTC. */
    private static int offsetHours(String currency) {
        return switch (currency) {
            case "KRW", "JPY" -> 9;
            case "EUR" -> 1;
            default -> 0;
        };
    }

    static String decimal(long minor, String currency) {
        return Money.ofMinor(minor, currency).toDecimalString();
    }
}
