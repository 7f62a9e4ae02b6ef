package io.clearhouse.launcher;

import io.clearhouse.common.db.DatabaseBootstrap;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A real PostgreSQL 17 server from the zonky binaries on Maven Central, its data directory under
 * the stack's data directory so that it survives down/up. Creates the database, the schemas and
 * the service roles on every start (idempotently).
 */
final class PostgresServer implements AutoCloseable {

    private final StackConfig config;
    private volatile EmbeddedPostgres postgres;

    private PostgresServer(StackConfig config, EmbeddedPostgres postgres) {
        this.config = config;
        this.postgres = postgres;
    }

    static PostgresServer start(StackConfig config, Secrets secrets) throws IOException {
        PostgresServer server = new PostgresServer(config, launch(config));
        try {
            server.bootstrap(secrets);
        } catch (Exception e) {
            server.close();
            throw new IOException("PostgreSQL started but could not be prepared: " + e.getMessage(), e);
        }
        return server;
    }

    private static EmbeddedPostgres launch(StackConfig config) throws IOException {
        Path dir = config.dataDir().resolve("postgres");
        Files.createDirectories(dir.getParent());
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(config.postgresPort())
                // the stack stops PostgreSQL last, after the services: its own JVM hook would stop it first
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("synchronous_commit", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(
                        config.logDir().resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(
                        config.logDir().resolve("postgres.log").toFile()))
                .start();
    }

    /** Stops the server (fault injection: a database outage); {@link #startAgain()} brings it back. */
    synchronized void stop() throws IOException {
        EmbeddedPostgres pg = postgres;
        postgres = null;
        if (pg != null) {
            pg.close();
            // pg_ctl gives up waiting after a few seconds on a loaded machine: wait (bounded) until the server is gone
            Path pidFile = config.dataDir().resolve("postgres").resolve("postmaster.pid");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (Files.exists(pidFile) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Starts a stopped server again on the same data directory and port. */
    synchronized void startAgain() throws IOException {
        if (postgres == null) {
            postgres = launch(config);
        }
    }

    /** The postmaster's pid (from {@code postmaster.pid}), to pause the server with SIGSTOP. */
    long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(config.dataDir().resolve("postgres").resolve("postmaster.pid"))
                .get(0).trim());
    }

    private void bootstrap(Secrets secrets) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'clearhouse'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE clearhouse");
                }
            }
        }
        try (Connection c = postgres.getDatabase("postgres", "clearhouse").getConnection()) {
            DatabaseBootstrap.ensure(c, "clearhouse", secrets.rolePasswords());
        }
    }

    /** A superuser connection to the clearhouse database, for operator tooling. */
    Connection superuser() throws java.sql.SQLException {
        return postgres.getDatabase("postgres", "clearhouse").getConnection();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
