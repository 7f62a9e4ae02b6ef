package io.clearhouse.settlement.fx;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.settlement.domain.FxRateBook;
import io.clearhouse.support.caller.Caller;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The rates table. Loading a rate for a pair and date again replaces it (audited with who and why). */
@Component
public class FxRateStore {

    private final JdbcTemplate jdbc;
    private final AuditAppender audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    FxRateStore(JdbcTemplate jdbc, AuditAppender audit, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    /** @return how many rows were new or changed */
    @Transactional
    public int load(List<FxRateBook.Rate> rates, Caller caller, String reason) {
        return load(rates, caller.actor(), caller.requestId(), reason);
    }

    /**
     * Loads rates as {@code actor} (a caller, or the scheduled import). When any row is new or changed,
     * {@link FxRatesLoaded} is published: after commit it retries the closes a missing rate blocked.
     *
     * @return how many rows were new or changed
     */
    @Transactional
    public int load(List<FxRateBook.Rate> rates, String actor, String requestId, String reason) {
        if (rates.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(clock.instant());
        int[][] counts = jdbc.batchUpdate("""
                INSERT INTO fx_rates (base_currency, quote_currency, rate_date, rate, source, loaded_by, loaded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (base_currency, quote_currency, rate_date) DO UPDATE
                   SET rate = excluded.rate, source = excluded.source, loaded_by = excluded.loaded_by,
                       loaded_at = excluded.loaded_at
                 WHERE fx_rates.rate <> excluded.rate OR fx_rates.source <> excluded.source""",
                rates, 1_000, (ps, r) -> {
                    ps.setString(1, r.base());
                    ps.setString(2, r.quote());
                    ps.setDate(3, Date.valueOf(r.date()));
                    ps.setBigDecimal(4, r.rate());
                    ps.setString(5, r.source());
                    ps.setString(6, actor);
                    ps.setTimestamp(7, now);
                });
        int changed = 0;
        for (int[] batch : counts) {
            for (int c : batch) {
                changed += Math.max(c, 0);
            }
        }
        TreeSet<String> pairs = new TreeSet<>();
        TreeSet<LocalDate> dates = new TreeSet<>();
        rates.forEach(r -> {
            pairs.add(r.base() + "/" + r.quote());
            dates.add(r.date());
        });
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("rows", rates.size());
        after.put("changed", changed);
        after.put("pairs", String.join(" ", pairs));
        after.put("from", dates.first().toString());
        after.put("to", dates.last().toString());
        audit.append(List.of(new AuditRecord(actor, "FX_RATES_LOADED", "fx_rates",
                dates.first() + ".." + dates.last(), null, after, reason, requestId)));
        if (changed > 0) {
            events.publishEvent(new FxRatesLoaded(changed, String.join(" ", new TreeSet<>(rates.stream()
                    .map(FxRateBook.Rate::source).toList()))));
        }
        return changed;
    }

    /** Every rate touching the currencies (or EUR, the cross pivot) between the dates, for one close. */
    public FxRateBook book(Collection<String> currencies, LocalDate from, LocalDate to) {
        TreeSet<String> set = new TreeSet<>(currencies);
        set.add("EUR");
        String in = "{" + String.join(",", set) + "}";
        return new FxRateBook(jdbc.query("""
                SELECT base_currency, quote_currency, rate_date, rate, source FROM fx_rates
                 WHERE base_currency = ANY (?::text[]) AND quote_currency = ANY (?::text[])
                   AND rate_date BETWEEN ? AND ?""",
                (rs, i) -> new FxRateBook.Rate(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                        rs.getBigDecimal(4).stripTrailingZeros(), rs.getString(5)),
                in, in, Date.valueOf(from), Date.valueOf(to)));
    }

    public List<Map<String, Object>> list(String base, String quote, LocalDate from, LocalDate to, int limit) {
        return jdbc.query("""
                SELECT base_currency, quote_currency, rate_date, rate, source, loaded_by FROM fx_rates
                 WHERE (?::text IS NULL OR base_currency = ?) AND (?::text IS NULL OR quote_currency = ?)
                   AND (?::date IS NULL OR rate_date >= ?) AND (?::date IS NULL OR rate_date <= ?)
                 ORDER BY rate_date DESC, base_currency, quote_currency LIMIT ?""", (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("base", rs.getString(1));
                    m.put("quote", rs.getString(2));
                    m.put("date", rs.getObject(3, LocalDate.class).toString());
                    m.put("rate", rs.getBigDecimal(4).stripTrailingZeros().toPlainString());
                    m.put("source", rs.getString(5));
                    m.put("loadedBy", rs.getString(6));
                    return m;
                }, base, base, quote, quote, from == null ? null : Date.valueOf(from), from == null ? null : Date.valueOf(from),
                to == null ? null : Date.valueOf(to), to == null ? null : Date.valueOf(to), limit);
    }
}
