package io.clearhouse.ingest.provider;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Provider settings from the {@code providers} table, with the documented defaults for providers
 * nobody configured. Read inside the batch's transaction, so a change applies from the next batch.
 * Providers seen with defaults are counted in the gauge {@code clearhouse.ingest.providers.defaulted}.
 */
@Repository
public class ProviderSettingsRepository {

    private final JdbcTemplate jdbc;
    private final Duration defaultRollbackWait;
    private final Set<String> seenWithDefaults = ConcurrentHashMap.newKeySet();

    ProviderSettingsRepository(JdbcTemplate jdbc, MeterRegistry meters,
                               @Value("${clearhouse.ingest.rollback-wait:PT1H}") Duration defaultRollbackWait) {
        this.jdbc = jdbc;
        this.defaultRollbackWait = defaultRollbackWait;
        Gauge.builder("clearhouse.ingest.providers.defaulted", seenWithDefaults, Set::size)
                .description("Providers whose transactions were recorded with the default settings (not configured)")
                .register(meters);
    }

    public Duration defaultRollbackWait() {
        return defaultRollbackWait;
    }

    /** Settings for each provider id given, defaults where there is no row. */
    public Map<String, ProviderSettings> forProviders(Collection<String> providerIds) {
        Map<String, ProviderSettings> settings = new HashMap<>();
        if (providerIds.isEmpty()) {
            return settings;
        }
        jdbc.query("SELECT provider_id, time_zone, cutoff_hour, uniqueness_mode, rollback_wait_seconds "
                        + "FROM providers WHERE provider_id = ANY(?)",
                rs -> {
                    settings.put(rs.getString(1), map(rs));
                },
                (Object) providerIds.toArray(String[]::new));
        for (String id : providerIds) {
            if (!settings.containsKey(id)) {
                settings.put(id, ProviderSettings.defaults(id, defaultRollbackWait));
                seenWithDefaults.add(id);
            } else {
                seenWithDefaults.remove(id);
            }
        }
        return settings;
    }

    public ProviderSettings forProvider(String providerId) {
        return forProviders(List.of(providerId)).get(providerId);
    }

    public Optional<ProviderSettings> configured(String providerId) {
        return jdbc.query("SELECT provider_id, time_zone, cutoff_hour, uniqueness_mode, rollback_wait_seconds "
                + "FROM providers WHERE provider_id = ?", (rs, i) -> map(rs), providerId).stream().findFirst();
    }

    public List<ProviderSettings> allConfigured() {
        return jdbc.query("SELECT provider_id, time_zone, cutoff_hour, uniqueness_mode, rollback_wait_seconds "
                + "FROM providers ORDER BY provider_id", (rs, i) -> map(rs));
    }

    /** Providers that have transactions but no settings row: they run on the defaults. */
    public List<String> unconfiguredWithTransactions() {
        return jdbc.queryForList("""
                SELECT DISTINCT k.provider_id FROM transaction_keys k
                WHERE NOT EXISTS (SELECT 1 FROM providers p WHERE p.provider_id = k.provider_id)
                ORDER BY 1""", String.class);
    }

    /**
     * Whether any key of this provider was judged (recorded, parked or rejected) under its current
     * uniqueness mode. Locks the provider's settings row (if any) so that a concurrent change waits.
     */
    boolean hasJudgedTransactions(String providerId) {
        jdbc.query("SELECT 1 FROM providers WHERE provider_id = ? FOR UPDATE", rs -> { }, providerId);
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM transaction_keys WHERE provider_id = ?)", Boolean.class, providerId));
    }

    void save(ProviderSettings s, String actor, Instant now) {
        jdbc.update("""
                INSERT INTO providers (provider_id, time_zone, cutoff_hour, uniqueness_mode, rollback_wait_seconds,
                                       updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (provider_id) DO UPDATE SET time_zone = excluded.time_zone,
                    cutoff_hour = excluded.cutoff_hour, uniqueness_mode = excluded.uniqueness_mode,
                    rollback_wait_seconds = excluded.rollback_wait_seconds, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by""",
                s.providerId(), s.timeZone().getId(), s.cutoffHour(), s.uniquenessMode().name(),
                s.rollbackWait().equals(defaultRollbackWait) ? null : s.rollbackWait().toSeconds(),
                Timestamp.from(now), actor);
        seenWithDefaults.remove(s.providerId());
    }

    private ProviderSettings map(java.sql.ResultSet rs) throws java.sql.SQLException {
        long waitSeconds = rs.getLong(5);
        Duration wait = rs.wasNull() ? defaultRollbackWait : Duration.ofSeconds(waitSeconds);
        return new ProviderSettings(rs.getString(1), ZoneId.of(rs.getString(2)), rs.getInt(3),
                UniquenessMode.valueOf(rs.getString(4)), wait, true);
    }
}
