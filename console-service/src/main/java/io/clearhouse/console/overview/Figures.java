package io.clearhouse.console.overview;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums of daily activity rows, exact (decimal strings in, BigDecimal sums, never a float). GGR here is
 * bets net of rollbacks minus WIN amounts, and RTP is WIN amounts over net bets, as reporting's
 * anomaly detection defines them (jackpot and free-round wins are funded elsewhere and shown apart).
 */
final class Figures {

    private Figures() {
    }

    /** One row of a figures table: its key and its sums. */
    record Row(String providerId, String key, long betCount, BigDecimal bets, BigDecimal rollbacks, BigDecimal wins,
               BigDecimal jackpotWins, BigDecimal freeRoundWins) {

        BigDecimal netBets() {
            return bets.subtract(rollbacks);
        }

        public BigDecimal ggr() {
            return netBets().subtract(wins);
        }

        /** Percent with two decimals, or null without net bets. */
        public BigDecimal rtpPercent() {
            return netBets().signum() <= 0 ? null
                    : wins.multiply(BigDecimal.valueOf(100)).divide(netBets(), 2, RoundingMode.HALF_EVEN);
        }

        Row plus(Map<String, Object> a) {
            return new Row(providerId, key, betCount + ((Number) a.getOrDefault("betCount", 0)).longValue(),
                    bets.add(dec(a, "bets")), rollbacks.add(dec(a, "rollbacks")), wins.add(dec(a, "wins")),
                    jackpotWins.add(dec(a, "jackpotWins")), freeRoundWins.add(dec(a, "freeRoundWins")));
        }
    }

    /** Rows summed by provider and the key's fields (e.g. currency; or date, brand, currency, game type). */
    static List<Row> sum(Collection<Map<String, Object>> activity, List<String> keyFields) {
        Map<String, Row> out = new TreeMap<>();
        for (Map<String, Object> a : activity) {
            String provider = String.valueOf(a.get("providerId"));
            StringBuilder key = new StringBuilder();
            for (String f : keyFields) {
                key.append(key.isEmpty() ? "" : " · ").append(a.get(f));
            }
            String k = provider + "\u0000" + key;
            Row zero = new Row(provider, key.toString(), 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO);
            out.put(k, out.getOrDefault(k, zero).plus(a));
        }
        return List.copyOf(out.values());
    }

    private static BigDecimal dec(Map<String, Object> a, String field) {
        Object v = a.get(field);
        return v == null ? BigDecimal.ZERO : new BigDecimal(v.toString());
    }
}
