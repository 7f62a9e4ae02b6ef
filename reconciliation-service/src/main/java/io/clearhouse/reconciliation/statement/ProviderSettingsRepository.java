package io.clearhouse.reconciliation.statement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class ProviderSettingsRepository {

    private static final TypeReference<Map<String, List<String>>> ALIASES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    ProviderSettingsRepository(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<ProviderSettings> find(String providerId) {
        return jdbc.query("SELECT * FROM provider_settings WHERE provider_id = ?", this::map, providerId)
                .stream().findFirst();
    }

    public ProviderSettings findOrDefault(String providerId) {
        return find(providerId).orElseGet(() -> ProviderSettings.defaults(providerId));
    }

    void save(ProviderSettings s, String actor, Instant at) {
        jdbc.update("""
                INSERT INTO provider_settings (provider_id, delimiter, decimal_separator, date_format, time_zone,
                    cutoff_hour, column_aliases, tolerance_minor, alert_max_open_count, alert_max_open_amount_minor,
                    updated_by, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (provider_id) DO UPDATE SET delimiter = EXCLUDED.delimiter,
                    decimal_separator = EXCLUDED.decimal_separator, date_format = EXCLUDED.date_format,
                    time_zone = EXCLUDED.time_zone, cutoff_hour = EXCLUDED.cutoff_hour,
                    column_aliases = EXCLUDED.column_aliases, tolerance_minor = EXCLUDED.tolerance_minor,
                    alert_max_open_count = EXCLUDED.alert_max_open_count,
                    alert_max_open_amount_minor = EXCLUDED.alert_max_open_amount_minor,
                    updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at""",
                s.providerId(), String.valueOf(s.delimiter()), String.valueOf(s.decimalSeparator()), s.dateFormat(),
                s.timeZone(), s.cutoffHour(), json.writeValueAsString(s.columnAliases()), s.toleranceMinor(),
                s.alertMaxOpenCount(), s.alertMaxOpenAmountMinor(), actor, Timestamp.from(at));
    }

    /** Every provider with settings (for alert thresholds). */
    public List<ProviderSettings> all() {
        return jdbc.query("SELECT * FROM provider_settings", this::map);
    }

    private ProviderSettings map(ResultSet rs, int row) throws SQLException {
        return new ProviderSettings(rs.getString("provider_id"), rs.getString("delimiter").charAt(0),
                rs.getString("decimal_separator").charAt(0), rs.getString("date_format"), rs.getString("time_zone"),
                rs.getInt("cutoff_hour"), json.readValue(rs.getString("column_aliases"), ALIASES),
                rs.getLong("tolerance_minor"), (Long) rs.getObject("alert_max_open_count", Long.class),
                (Long) rs.getObject("alert_max_open_amount_minor", Long.class));
    }
}
