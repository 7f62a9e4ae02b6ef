package io.clearhouse.gateway.auth;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code api_client} table. Blocking JDBC: callers run it off the event loop. */
@Repository
class ClientRepository {

    private static final String COLUMNS = "client_id, secret_hash, role, provider_id, signing_secret, allowed_cidrs,"
            + " rate_per_second, burst, enabled, created_by, created_at";
    private static final String SELECT = "SELECT " + COLUMNS + ", secret_version, kind FROM api_client";

    private final JdbcTemplate jdbc;

    ClientRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ApiClient> find(String clientId) {
        return jdbc.query(SELECT + " WHERE client_id = ?", ClientRepository::map, clientId).stream().findFirst();
    }

    /** API clients, or people, by id. */
    List<ApiClient> list(boolean people) {
        return jdbc.query(SELECT + " WHERE kind = ? ORDER BY client_id", ClientRepository::map,
                people ? "PERSON" : "CLIENT");
    }

    /** A person's TOTP secret; empty for an API client. */
    Optional<String> totpSecret(String userId) {
        return jdbc.queryForList("SELECT totp_secret FROM api_client WHERE client_id = ? AND kind = 'PERSON'",
                String.class, userId).stream().findFirst();
    }

    /**
     * Records that the person signed in with the code of {@code step}; false when that step or a later one
     * was used already (a replayed or older code), atomically, so two sign-ins with one code cannot both pass.
     */
    boolean useTotpStep(String userId, long step) {
        return jdbc.update("UPDATE api_client SET totp_last_step = ? WHERE client_id = ? AND kind = 'PERSON'"
                + " AND (totp_last_step IS NULL OR totp_last_step < ?)", step, userId, step) == 1;
    }

    /** Inserts a person with a password hash and a TOTP secret; false when the id is taken. */
    boolean insertPerson(ApiClient p, String totpSecret, Instant now) {
        return jdbc.update("INSERT INTO api_client (" + COLUMNS + ", updated_at, kind, totp_secret)"
                        + " VALUES (?, ?, ?, ?, NULL, '{}', ?, ?, TRUE, ?, ?, ?, 'PERSON', ?) ON CONFLICT (client_id) DO NOTHING",
                p.clientId(), p.secretHash(), p.role().name(), p.providerId(), p.ratePerSecond(), p.burst(), p.createdBy(),
                Timestamp.from(p.createdAt()), Timestamp.from(now), totpSecret) == 1;
    }

    /** A person's new password and TOTP secret; their tokens issued before stop working. */
    boolean resetPerson(String userId, String passwordHash, String totpSecret, Instant now) {
        return jdbc.update("UPDATE api_client SET secret_hash = ?, totp_secret = ?, totp_last_step = NULL,"
                + " secret_version = secret_version + 1, enabled = TRUE, updated_at = ? WHERE client_id = ? AND kind = 'PERSON'",
                passwordHash, totpSecret, Timestamp.from(now), userId) == 1;
    }

    boolean exists(String clientId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM api_client WHERE client_id = ?)",
                Boolean.class, clientId));
    }

    /** Inserts; false when the client id is taken. */
    boolean insert(ApiClient c, Instant now) {
        return jdbc.update(con -> {
            var ps = con.prepareStatement("INSERT INTO api_client (" + COLUMNS + ", updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id) DO NOTHING");
            ps.setString(1, c.clientId());
            ps.setString(2, c.secretHash());
            ps.setString(3, c.role().name());
            ps.setString(4, c.providerId());
            ps.setString(5, c.signingSecret());
            ps.setArray(6, con.createArrayOf("text", c.allowedCidrs().toArray()));
            ps.setInt(7, c.ratePerSecond());
            ps.setInt(8, c.burst());
            ps.setBoolean(9, c.enabled());
            ps.setString(10, c.createdBy());
            ps.setTimestamp(11, Timestamp.from(c.createdAt()));
            ps.setTimestamp(12, Timestamp.from(now));
            return ps;
        }) == 1;
    }

    boolean setEnabled(String clientId, boolean enabled, Instant now) {
        return jdbc.update("UPDATE api_client SET enabled = ?, updated_at = ? WHERE client_id = ?", enabled,
                Timestamp.from(now), clientId) == 1;
    }

    boolean replaceSecrets(String clientId, String secretHash, String signingSecret, Instant now) {
        return jdbc.update("UPDATE api_client SET secret_hash = ?, signing_secret = COALESCE(?, signing_secret),"
                + " secret_version = secret_version + 1, updated_at = ? WHERE client_id = ?", secretHash, signingSecret, Timestamp.from(now), clientId) == 1;
    }

    private static ApiClient map(ResultSet rs, int row) throws SQLException {
        Array cidrs = rs.getArray("allowed_cidrs");
        return new ApiClient(rs.getString("client_id"), rs.getString("secret_hash"), Role.valueOf(rs.getString("role")),
                rs.getString("provider_id"), rs.getString("signing_secret"),
                cidrs == null ? List.of() : Arrays.asList((String[]) cidrs.getArray()), rs.getInt("rate_per_second"),
                rs.getInt("burst"), rs.getBoolean("enabled"), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getInt("secret_version"),
                "PERSON".equals(rs.getString("kind")));
    }
}
