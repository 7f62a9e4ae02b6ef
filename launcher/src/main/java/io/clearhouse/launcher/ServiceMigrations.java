package io.clearhouse.launcher;

import io.clearhouse.common.db.DatabaseBootstrap;
import io.clearhouse.common.db.MigrateOnly;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Applies a service's Flyway history in a step of its own, before the service starts: its jar with
 * {@link MigrateOnly#ARGUMENT}, as the schema owner, in a JVM that exits when done. The service is
 * then started with its app role's credentials only (see {@link Stack#serviceEnvironment}), so the
 * process that serves requests never holds the password that may drop the audit log's trigger.
 * <p>
 * One at a time, right before its service: started together (beside Kafka's start) the five JVMs
 * starved Kafka's storage format past its limit on a loaded 2-core machine. Skipped when it would do
 * nothing ({@link MigrationStamp}).
 */
final class ServiceMigrations {

    private static final Duration TIMEOUT = Duration.ofSeconds(
            Long.parseLong(Optional.ofNullable(System.getenv("CLEARHOUSE_MIGRATE_TIMEOUT_SECONDS")).orElse("180")));
    /** Small and short-lived: a DataSource and Flyway only. */
    private static final List<String> JAVA_OPTS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private ServiceMigrations() {
    }

    /**
     * Runs the step unless {@link MigrationStamp} shows it would change nothing (same jar, same history
     * since it last succeeded here); returns whether it ran.
     */
    static boolean runUnlessCurrent(StackConfig config, String service, Secrets secrets, PostgresServer pg)
            throws IOException, InterruptedException {
        try (Connection c = pg.superuser()) {
            if (MigrationStamp.current(config, service, c)) {
                return false;
            }
        } catch (SQLException e) {
            // the step itself says what is wrong with the database
        }
        run(config, service, secrets);
        try (Connection c = pg.superuser()) {
            MigrationStamp.record(config, service, c);
        } catch (SQLException e) {
            throw new IOException(service + ": migrated, but its Flyway history could not be read: " + e.getMessage(), e);
        }
        return true;
    }

    /** Runs the service's migrations as its owner; throws naming the log when they fail or hang. */
    static void run(StackConfig config, String service, Secrets secrets) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(JAVA_OPTS);
        command.add("-jar");
        command.add(config.serviceJar(service).toString());
        command.add(MigrateOnly.ARGUMENT);
        ChildProcess p = ChildProcess.start(service + "-migrate", command, environment(config, service, secrets),
                config.logDir().resolve(service + "-migrate.log"), config.home());
        try (p) {
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (p.isAlive()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException(service + " migrations not done after " + TIMEOUT.toSeconds() + " s; see "
                            + p.log());
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            if (p.exitValue() != 0) {
                throw new IOException(service + " migrations failed (exit " + p.exitValue() + "); see " + p.log());
            }
        }
    }

    /**
     * The migration step's environment: the service's own, plus the owner's credentials, which only
     * this step receives.
     */
    static Map<String, String> environment(StackConfig config, String service, Secrets secrets) {
        Map<String, String> env = Stack.serviceEnvironment(config, service, secrets);
        env.put("CLEARHOUSE_DB_MIGRATION_USER", DatabaseBootstrap.ownerRole(service));
        env.put("CLEARHOUSE_DB_MIGRATION_PASSWORD", secrets.get(DatabaseBootstrap.ownerRole(service)));
        env.put("CLEARHOUSE_DB_MIGRATE_ON_START", "true");
        // the context holds a DataSource and Flyway only: nothing else of the service runs
        env.remove("CLEARHOUSE_IDENTITY_SECRET");
        env.remove("CLEARHOUSE_AUDIT_SIGNING_KEY_FILE");
        return env;
    }
}
