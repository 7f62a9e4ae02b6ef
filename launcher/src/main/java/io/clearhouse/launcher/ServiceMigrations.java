package io.clearhouse.launcher;

import io.clearhouse.common.db.DatabaseBootstrap;
import io.clearhouse.common.db.MigrateOnly;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Applies each service's Flyway history in a step of its own, before the service starts: its jar with
 * {@link MigrateOnly#ARGUMENT}, as the schema owner, in a JVM that exits when done. The service is
 * then started with its app role's credentials only (see {@link Stack#serviceEnvironment}), so the
 * process that serves requests never holds the password that may drop the audit log's trigger.
 * <p>
 * The schemas' histories are independent (no migration reads another schema), so the five runs start
 * together as soon as PostgreSQL is up and overlap Kafka's start; each service waits for its own.
 */
final class ServiceMigrations implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(
            Long.parseLong(Optional.ofNullable(System.getenv("CLEARHOUSE_MIGRATE_TIMEOUT_SECONDS")).orElse("300")));
    /** Small and short-lived: a DataSource and Flyway only. */
    private static final List<String> JAVA_OPTS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final Map<String, ChildProcess> running;
    private final Instant deadline;

    private ServiceMigrations(Map<String, ChildProcess> running) {
        this.running = running;
        this.deadline = Instant.now().plus(TIMEOUT);
    }

    /** Starts the migrations of these services, each as its schema owner. */
    static ServiceMigrations start(StackConfig config, List<String> services, Secrets secrets) throws IOException {
        Map<String, ChildProcess> running = new LinkedHashMap<>();
        ServiceMigrations migrations = new ServiceMigrations(running);
        try {
            for (String service : services) {
                List<String> command = new ArrayList<>();
                command.add(ChildProcess.javaExecutable());
                command.addAll(JAVA_OPTS);
                command.add("-jar");
                command.add(config.serviceJar(service).toString());
                command.add(MigrateOnly.ARGUMENT);
                running.put(service, ChildProcess.start(service + "-migrate", command,
                        environment(config, service, secrets), config.logDir().resolve(service + "-migrate.log"),
                        config.home()));
            }
        } catch (IOException | RuntimeException e) {
            migrations.close();
            throw e;
        }
        return migrations;
    }

    /** Waits for the service's migrations; throws naming the log when they failed or hang. */
    void await(String service) throws IOException, InterruptedException {
        ChildProcess p = running.get(service);
        if (p == null) {
            throw new IllegalStateException("no migrations started for " + service);
        }
        while (p.isAlive()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(service + " migrations not done after " + TIMEOUT.toSeconds() + " s; see " + p.log());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        if (p.exitValue() != 0) {
            throw new IOException(service + " migrations failed (exit " + p.exitValue() + "); see " + p.log());
        }
    }

    /** Stops any migration still running (a stop or a failure during the start). */
    @Override
    public void close() {
        running.values().forEach(ChildProcess::close);
    }

    /**
     * The migration step's environment: the service's own, plus the owner's credentials, which only
     * this step receives; not the identity secret (nothing of the service but Flyway runs).
     */
    static Map<String, String> environment(StackConfig config, String service, Secrets secrets) {
        Map<String, String> env = Stack.serviceEnvironment(config, service, secrets);
        env.put("CLEARHOUSE_DB_MIGRATION_USER", DatabaseBootstrap.ownerRole(service));
        env.put("CLEARHOUSE_DB_MIGRATION_PASSWORD", secrets.get(DatabaseBootstrap.ownerRole(service)));
        env.put("CLEARHOUSE_DB_MIGRATE_ON_START", "true");
        env.remove("CLEARHOUSE_IDENTITY_SECRET");
        env.remove("CLEARHOUSE_AUDIT_SIGNING_KEY_FILE");
        return env;
    }
}
