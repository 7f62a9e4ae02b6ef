package io.clearhouse.reconciliation.alert;

import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.clearhouse.reconciliation.statement.ProviderSettings;
import io.clearhouse.reconciliation.statement.ProviderSettingsRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.clearhouse.common.money.Currencies;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sums unresolved breaks (OPEN or PENDING_APPROVAL) per provider and currency on a schedule,
 * exposes them as gauges ({@code recon.breaks.unresolved.count{provider}},
 * {@code recon.breaks.unresolved.amount{provider,currency}} in minor units,
 * {@code recon.breaks.alert{provider}} 0/1), and notifies the webhook when a provider crosses its
 * threshold (count, or amount in any one currency): once per crossing, not on every round.
 */
@Component
public class BreakAlertMonitor {

    private static final Logger log = LoggerFactory.getLogger(BreakAlertMonitor.class);

    private final JdbcTemplate jdbc;
    private final ProviderSettingsRepository settings;
    private final WebhookNotifier webhook;
    private final MeterRegistry meters;
    private final ReconciliationProperties.Alerts defaults;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> amounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> alerting = new ConcurrentHashMap<>();
    /** {@code clearhouse_reconciliation_breaks_unresolved{provider,class,currency}}: open breaks by class. */
    private final MultiGauge byClass;
    /** {@code clearhouse_reconciliation_breaks_unresolved_amount{provider,class,currency}}, in units of the currency. */
    private final MultiGauge amountByClass;

    BreakAlertMonitor(JdbcTemplate jdbc, ProviderSettingsRepository settings, WebhookNotifier webhook,
                      MeterRegistry meters, ReconciliationProperties props) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.webhook = webhook;
        this.meters = meters;
        this.defaults = props.alerts();
        this.byClass = MultiGauge.builder("clearhouse.reconciliation.breaks.unresolved")
                .description("Unresolved breaks (OPEN or PENDING_APPROVAL) by provider, class and currency")
                .register(meters);
        this.amountByClass = MultiGauge.builder("clearhouse.reconciliation.breaks.unresolved.amount")
                .description("Amount of unresolved breaks in units of the currency (monitoring only, not money of record)")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${clearhouse.reconciliation.alerts.interval-ms:30000}",
            initialDelayString = "${clearhouse.reconciliation.alerts.interval-ms:30000}")
    public void check() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            log.warn("break alert check failed: {}", e.toString());
        }
    }

    /** One round: refresh gauges, notify on new threshold crossings. Returns providers alerting now. */
    public Set<String> evaluate() {
        Map<String, Long> countByProvider = new HashMap<>();
        Map<String, Map<String, Long>> amountByProvider = new HashMap<>();
        jdbc.query("""
                SELECT provider_id, currency, count(*), sum(amount_minor) FROM exceptions
                WHERE status IN ('OPEN', 'PENDING_APPROVAL') GROUP BY provider_id, currency""", rs -> {
            countByProvider.merge(rs.getString(1), rs.getLong(3), Long::sum);
            amountByProvider.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(4));
        });
        List<MultiGauge.Row<?>> classRows = new ArrayList<>();
        List<MultiGauge.Row<?>> amountRows = new ArrayList<>();
        jdbc.query("""
                SELECT provider_id, class, currency, count(*), sum(amount_minor) FROM exceptions
                WHERE status IN ('OPEN', 'PENDING_APPROVAL') GROUP BY provider_id, class, currency""", rs -> {
            String currency = rs.getString(3) == null ? "" : rs.getString(3).trim();
            Tags tags = Tags.of("provider", rs.getString(1), "class", rs.getString(2), "currency", currency);
            classRows.add(MultiGauge.Row.of(tags, rs.getLong(4)));
            if (Currencies.isKnown(currency)) {
                amountRows.add(MultiGauge.Row.of(tags,
                        BigDecimal.valueOf(rs.getLong(5), Currencies.exponentOf(currency)).doubleValue()));
            }
        });
        byClass.register(classRows, true);
        amountByClass.register(amountRows, true);
        // providers whose breaks were all resolved go back to zero
        counts.forEach((p, v) -> v.set(countByProvider.getOrDefault(p, 0L)));
        amounts.forEach((k, v) -> {
            String[] pc = k.split("\u0000");
            v.set(amountByProvider.getOrDefault(pc[0], Map.of()).getOrDefault(pc[1], 0L));
        });
        Map<String, ProviderSettings> byProvider = new HashMap<>();
        settings.all().forEach(s -> byProvider.put(s.providerId(), s));
        Set<String> now = new java.util.TreeSet<>();
        Set<String> providers = new java.util.HashSet<>(countByProvider.keySet());
        providers.addAll(alerting.keySet());
        for (String provider : providers) {
            long count = countByProvider.getOrDefault(provider, 0L);
            gauge(counts, provider, "recon.breaks.unresolved.count", provider, null).set(count);
            Map<String, Long> perCurrency = amountByProvider.getOrDefault(provider, Map.of());
            perCurrency.forEach((ccy, amount) ->
                    gauge(amounts, provider + "\u0000" + ccy, "recon.breaks.unresolved.amount", provider, ccy)
                            .set(amount));
            ProviderSettings s = byProvider.get(provider);
            long maxCount = s != null && s.alertMaxOpenCount() != null ? s.alertMaxOpenCount() : defaults.maxOpenCount();
            long maxAmount = s != null && s.alertMaxOpenAmountMinor() != null ? s.alertMaxOpenAmountMinor()
                    : defaults.maxOpenAmountMinor();
            String reason = null;
            if (count > maxCount) {
                reason = count + " unresolved breaks (threshold " + maxCount + ")";
            } else {
                for (Map.Entry<String, Long> e : perCurrency.entrySet()) {
                    if (e.getValue() > maxAmount) {
                        reason = "unresolved breaks of " + e.getValue() + " minor units of " + e.getKey()
                                + " (threshold " + maxAmount + ")";
                        break;
                    }
                }
            }
            AtomicLong flag = gauge(alerting, provider, "recon.breaks.alert", provider, null);
            if (reason != null) {
                now.add(provider);
                if (flag.getAndSet(1) == 0) {
                    meters.counter("recon.alerts.raised", "provider", provider).increment();
                    webhook.notify(":rotating_light: Clearhouse reconciliation: provider " + provider + " has "
                            + reason + ".");
                }
            } else {
                flag.set(0);
            }
        }
        return now;
    }

    private AtomicLong gauge(Map<String, AtomicLong> registry, String key, String name, String provider,
                             String currency) {
        return registry.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.Builder<AtomicLong> b = Gauge.builder(name, value, AtomicLong::doubleValue).tag("provider", provider);
            if (currency != null) {
                b.tag("currency", currency);
            }
            b.register(meters);
            return value;
        });
    }
}
