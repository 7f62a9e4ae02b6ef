package io.clearhouse.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Whether a service's migration step would do nothing: the same build of its jar already applied its
 * Flyway history to this database, and the history is still what it was then. The step is a JVM of its
 * own (3 to 13 s on 2 cores, one after another before each service); a start after the first skips it.
 * <p>
 * The stamp ({@code <data dir>/migrations/<service>.stamp}) holds the jar's fingerprint and a summary
 * of the schema's {@code flyway_schema_history} (rows, highest rank, the checksums' sum, all
 * successful), written after the step succeeded. A new build, a reset, a restored backup, a failed
 * or edited migration: the stamp no longer matches and the step runs, as the owner, as before.
 */
final class MigrationStamp {

    private MigrationStamp() {
    }

    /** True when the step may be skipped: the stamp matches this jar and the database's history. */
    static boolean current(StackConfig config, String service, Connection superuser) throws IOException, SQLException {
        Path stamp = file(config, service);
        if (!Files.isRegularFile(stamp)) {
            return false;
        }
        Optional<String> now = expected(config, service, superuser);
        return now.isPresent() && now.get().equals(Files.readString(stamp).trim());
    }

    /** Records that the step succeeded for this jar and this history. */
    static void record(StackConfig config, String service, Connection superuser) throws IOException, SQLException {
        Optional<String> now = expected(config, service, superuser);
        Path stamp = file(config, service);
        if (now.isEmpty()) {
            Files.deleteIfExists(stamp);
            return;
        }
        Files.createDirectories(stamp.getParent());
        Path partial = stamp.resolveSibling(stamp.getFileName() + ".partial");
        Files.writeString(partial, now.get() + "\n");
        Files.move(partial, stamp, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Optional<String> expected(StackConfig config, String service, Connection superuser)
            throws IOException, SQLException {
        Optional<String> history = history(superuser, service);
        if (history.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ServiceLaunch.fingerprint(config.serviceJar(service)) + " " + history.get());
    }

    /**
     * A summary of the schema's Flyway history, empty when there is none yet or one migration did not
     * succeed (the step must run and say why).
     */
    static Optional<String> history(Connection superuser, String schema) throws SQLException {
        if (!schema.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a schema name: " + schema);
        }
        try (Statement st = superuser.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + schema + ".flyway_schema_history') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Optional.empty();
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(max(installed_rank), 0), "
                    + "coalesce(sum(checksum::bigint), 0), coalesce(bool_and(success), false) FROM "
                    + schema + ".flyway_schema_history")) {
                rs.next();
                if (rs.getLong(1) == 0 || !rs.getBoolean(4)) {
                    return Optional.empty();
                }
                return Optional.of("rows=" + rs.getLong(1) + " rank=" + rs.getLong(2) + " checksums=" + rs.getLong(3));
            }
        }
    }

    private static Path file(StackConfig config, String service) {
        return config.dataDir().resolve("migrations").resolve(service + ".stamp");
    }
}
