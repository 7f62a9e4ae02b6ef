package io.clearhouse.launcher.bench;

import io.clearhouse.common.money.Money;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;

/**
 * Single transactions as providers send them, deterministic for a seed: several providers, each in
 * its currencies (two, three and zero fraction digits), rounds of a bet usually followed by its win,
 * the odd rollback of an earlier bet, and about one request in a hundred resent unchanged (a provider
 * that lost the answer: ingest must count it as a duplicate, not record it twice). Amounts are minor
 * units written as decimal strings. Not thread-safe: one generator feeds one load.
 */
final class TrafficMix {

    /** One request to send: whose it is, its id, the exact body, and whether it is a resend. */
    record Outgoing(String providerId, String providerTxId, byte[] body, boolean duplicate) {
    }

    private static final String[][] CURRENCIES = {{"EUR", "USD"}, {"KRW"}, {"JPY", "USD"}, {"EUR", "KWD"}};
    private static final String[] TYPES = {"SLOT", "LIVE", "TABLE", "CRASH"};

    private final List<String> providers;
    private final String runTag;
    private final Random random;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Deque<Outgoing> openRounds = new ArrayDeque<>();
    private final List<Outgoing> recentBets = new ArrayList<>();
    private final List<Outgoing> recent = new ArrayList<>();
    private final double duplicateShare;
    private final double rollbackShare;
    private long sequence;

    /**
     * @param providers the providers sending (each needs its client; rate limits are per client)
     * @param runTag    prefix of every id, so that runs never collide
     */
    TrafficMix(List<String> providers, String runTag, long seed, double duplicateShare, double rollbackShare) {
        this.providers = List.copyOf(providers);
        this.runTag = runTag;
        this.random = new Random(seed);
        this.duplicateShare = duplicateShare;
        this.rollbackShare = rollbackShare;
    }

    /** The realistic mix: 1 % resends, 1 % rollbacks. */
    static TrafficMix realistic(List<String> providers, String runTag, long seed) {
        return new TrafficMix(providers, runTag, seed, 0.01, 0.01);
    }

    /** The next {@code n} requests. */
    List<Outgoing> next(int n) {
        List<Outgoing> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    Outgoing next() {
        double roll = random.nextDouble();
        if (roll < duplicateShare && !recent.isEmpty()) {
            Outgoing again = recent.get(random.nextInt(recent.size()));
            return new Outgoing(again.providerId(), again.providerTxId(), again.body(), true);
        }
        Outgoing out;
        if (roll < duplicateShare + rollbackShare && recentBets.size() > 50) {
            Outgoing bet = recentBets.remove(random.nextInt(recentBets.size() - 50));
            out = rollback(bet);
        } else if (!openRounds.isEmpty() && random.nextInt(100) < 45) {
            out = win(openRounds.poll());
        } else {
            out = bet();
        }
        remember(out);
        return out;
    }

    private Outgoing bet() {
        int p = random.nextInt(providers.size());
        String provider = providers.get(p);
        String[] currencies = CURRENCIES[p % CURRENCIES.length];
        String currency = currencies[random.nextInt(currencies.length)];
        String id = runTag + "-" + (++sequence);
        Map<String, Object> tx = base(id, "r-" + id, "p" + Integer.toHexString(0x1000 + random.nextInt(4096)),
                TYPES[random.nextInt(TYPES.length)], "BET", stake(currency), currency);
        Outgoing out = new Outgoing(provider, id, json.writeValueAsBytes(tx), false);
        if (random.nextInt(100) < 90) {
            openRounds.add(out);
            if (openRounds.size() > 1_000) {
                openRounds.poll();
            }
        }
        recentBets.add(out);
        if (recentBets.size() > 2_000) {
            recentBets.remove(0);
        }
        return out;
    }

    private Outgoing win(Outgoing bet) {
        Map<String, Object> of = json.readValue(bet.body(), Map.class);
        String id = runTag + "-" + (++sequence);
        String currency = (String) of.get("currency");
        Map<String, Object> tx = base(id, (String) of.get("roundId"), (String) of.get("playerRef"),
                (String) of.get("gameType"), "WIN", stake(currency), currency);
        return new Outgoing(bet.providerId(), id, json.writeValueAsBytes(tx), false);
    }

    private Outgoing rollback(Outgoing bet) {
        Map<String, Object> of = json.readValue(bet.body(), Map.class);
        String id = runTag + "-" + (++sequence);
        Map<String, Object> tx = base(id, (String) of.get("roundId"), (String) of.get("playerRef"),
                (String) of.get("gameType"), "ROLLBACK", (String) of.get("amount"), (String) of.get("currency"));
        tx.put("refTxId", bet.providerTxId());
        return new Outgoing(bet.providerId(), id, json.writeValueAsBytes(tx), false);
    }

    private void remember(Outgoing out) {
        recent.add(out);
        if (recent.size() > 500) {
            recent.remove(0);
        }
    }

    private String stake(String currency) {
        long minor = switch (currency) {
            case "KRW", "JPY" -> 100L * (1 + random.nextInt(500));
            case "KWD" -> 100L * (1 + random.nextInt(200));
            default -> 10L * (1 + random.nextInt(1_000));
        };
        return Money.ofMinor(minor, currency).toDecimalString();
    }

    private static Map<String, Object> base(String id, String roundId, String player, String gameType, String type,
                                            String amount, String currency) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("providerTxId", id);
        tx.put("roundId", roundId);
        tx.put("playerRef", player);
        tx.put("brandId", "brand-bench");
        tx.put("gameId", "bench-" + gameType.toLowerCase(java.util.Locale.ROOT));
        tx.put("gameType", gameType);
        tx.put("type", type);
        tx.put("amount", amount);
        tx.put("currency", currency);
        tx.put("occurredAt", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS).toString());
        return tx;
    }
}
