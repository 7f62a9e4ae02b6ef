package io.clearhouse.settlement.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fee as a function of the month-to-date base F(volume), exact (never rounded here). A period's
 * fee is F(volume after) − F(volume before), so a month's daily fees add up to F(month) whatever
 * the days, and whole-volume tiers true up the earlier days when a threshold is crossed.
 */
public final class FeeSchedule {

    private FeeSchedule() {
    }

    public static BigDecimal fee(GameTerms terms, BigDecimal volume) {
        if (terms.tiers().isEmpty()) {
            return terms.rate().multiply(volume);
        }
        List<Tier> tiers = terms.tiers();
        if (volume.signum() <= 0) {
            return tiers.get(0).rate().multiply(volume);
        }
        if (terms.tierMode() == Terms.TierMode.WHOLE_VOLUME) {
            return reached(tiers, volume).rate().multiply(volume);
        }
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < tiers.size(); i++) {
            BigDecimal from = tiers.get(i).from();
            if (volume.compareTo(from) <= 0) {
                break;
            }
            BigDecimal to = i + 1 < tiers.size() ? tiers.get(i + 1).from().min(volume) : volume;
            total = total.add(to.subtract(from).multiply(tiers.get(i).rate()));
        }
        return total;
    }

    static Tier reached(List<Tier> tiers, BigDecimal volume) {
        Tier reached = tiers.get(0);
        for (Tier t : tiers) {
            if (volume.compareTo(t.from()) >= 0) {
                reached = t;
            }
        }
        return reached;
    }

    /** How the fee between two month-to-date volumes came about, for the statement line. */
    public static List<Map<String, Object>> breakdown(GameTerms terms, BigDecimal before, BigDecimal after) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (terms.tiers().isEmpty()) {
            out.add(entry("FLAT", BigDecimal.ZERO, null, terms.rate(), after.subtract(before),
                    fee(terms, after).subtract(fee(terms, before))));
            return out;
        }
        List<Tier> tiers = terms.tiers();
        if (terms.tierMode() == Terms.TierMode.WHOLE_VOLUME) {
            Tier tb = before.signum() <= 0 ? tiers.get(0) : reached(tiers, before);
            Tier ta = after.signum() <= 0 ? tiers.get(0) : reached(tiers, after);
            Map<String, Object> e = entry("WHOLE_VOLUME", ta.from(), null, ta.rate(), after.subtract(before),
                    fee(terms, after).subtract(fee(terms, before)));
            e.put("monthToDateBefore", before.toPlainString());
            e.put("monthToDateAfter", after.toPlainString());
            e.put("rateBefore", tb.rate().toPlainString());
            out.add(e);
            return out;
        }
        // marginal: the slice of [before, after] (or [after, before] when negative) inside each tier
        BigDecimal lo = before.min(after);
        BigDecimal hi = before.max(after);
        int sign = after.compareTo(before) >= 0 ? 1 : -1;
        for (int i = 0; i < tiers.size(); i++) {
            BigDecimal from = i == 0 ? lo.min(BigDecimal.ZERO) : tiers.get(i).from();
            BigDecimal to = i + 1 < tiers.size() ? tiers.get(i + 1).from() : null;
            BigDecimal sliceLo = lo.max(from);
            BigDecimal sliceHi = to == null ? hi : hi.min(to);
            if (sliceHi.compareTo(sliceLo) > 0) {
                BigDecimal volume = sliceHi.subtract(sliceLo);
                if (sign < 0) {
                    volume = volume.negate();
                }
                out.add(entry("MARGINAL", tiers.get(i).from(), to, tiers.get(i).rate(), volume,
                        volume.multiply(tiers.get(i).rate())));
            }
        }
        return out;
    }

    private static Map<String, Object> entry(String kind, BigDecimal from, BigDecimal to, BigDecimal rate,
                                             BigDecimal volume, BigDecimal fee) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("tierFrom", from.toPlainString());
        m.put("tierTo", to == null ? null : to.toPlainString());
        m.put("rate", rate.toPlainString());
        m.put("volume", volume.toPlainString());
        m.put("fee", fee.toPlainString());
        return m;
    }
}
