package io.clearhouse.launcher;

import io.clearhouse.common.db.DatabaseBootstrap;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The whole local system: PostgreSQL, Kafka, then the five services one after another, each
 * waiting for the previous one to be ready. Closing stops everything in reverse order; a start
 * that fails half way stops what it had started, so no process is left behind.
 */
public final class Stack implements AutoCloseable {

    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(
            Long.parseLong(Optional.ofNullable(System.getenv("CLEARHOUSE_START_TIMEOUT_SECONDS")).orElse("180")));

    private final StackConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, ChildProcess> services = new HashMap<>();
    private PostgresServer postgres;
    private boolean closed;

    private Stack(StackConfig config) {
        this.config = config;
    }

    public StackConfig config() {
        return config;
    }

    /** Why the stack cannot start here, as one line saying what to do; empty when it can. */
    public static Optional<String> refusal(StackConfig config) {
        Optional<Long> running = runningPid(config);
        if (running.isPresent()) {
            return Optional.of("A Clearhouse stack is already running (pid " + running.get()
                    + "): stop it with ./clearhouse down, or use it as it is.");
        }
        if (!config.built()) {
            return Optional.of("The services are not built: run ./mvnw -DskipTests package (./clearhouse does it for you).");
        }
        for (Map.Entry<String, Integer> port : config.allPorts().entrySet()) {
            if (!portFree(port.getValue())) {
                return Optional.of("Port " + port.getValue() + " for " + port.getKey()
                        + " is taken: free it or set that variable to another port.");
            }
        }
        return Optional.empty();
    }

    public static Stack start(StackConfig config, Console out) throws IOException, InterruptedException {
        Optional<String> refusal = refusal(config);
        if (refusal.isPresent()) {
            throw new StackRefusedException(refusal.get());
        }
        Files.createDirectories(config.logDir());
        Stack stack = new Stack(config);
        Files.writeString(config.pidFile(), Long.toString(ProcessHandle.current().pid()));
        stack.started.push(() -> Files.deleteIfExists(config.pidFile()));
        try {
            stack.startAll(out);
        } catch (IOException | InterruptedException | RuntimeException e) {
            out.line("Start failed: " + e.getMessage() + " -- stopping what was started.");
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll(Console out) throws IOException, InterruptedException {
        Instant t0 = Instant.now();
        Secrets secrets = Secrets.loadOrCreate(config.dataDir());
        out.step("PostgreSQL 17 on 127.0.0.1:" + config.postgresPort());
        postgres = PostgresServer.start(config, secrets);
        started.push(postgres);
        out.step("Kafka (KRaft) on " + config.kafkaBootstrap());
        KafkaBroker kafka = KafkaBroker.start(config);
        started.push(kafka);
        for (String service : StackConfig.SERVICES) {
            out.step(service + "-service on " + config.serviceUrl(service));
            ChildProcess process = startService(service, secrets);
            services.put(service, process);
            started.push(process);
            awaitReady(service, process);
        }
        out.line(String.format("All services ready in %.1f s.", Duration.between(t0, Instant.now()).toMillis() / 1000.0));
    }

    private ChildProcess startService(String service, Secrets secrets) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(Arrays.asList(config.serviceJavaOpts().trim().split("\\s+")));
        command.add("-Dspring.main.banner-mode=off");
        command.add("-jar");
        command.add(config.serviceJar(service).toString());
        return ChildProcess.start(service, command, serviceEnvironment(config, service, secrets),
                config.logDir().resolve(service + ".log"), config.home());
    }

    /** What a service is started with: where its database and broker are, its role, the shared secrets. */
    static Map<String, String> serviceEnvironment(StackConfig config, String service, Secrets secrets) {
        Map<String, String> env = new HashMap<>();
        env.put("CLEARHOUSE_DB_URL", config.jdbcUrl());
        env.put("CLEARHOUSE_DB_USER", DatabaseBootstrap.appRole(service));
        env.put("CLEARHOUSE_DB_PASSWORD", secrets.get(DatabaseBootstrap.appRole(service)));
        env.put("CLEARHOUSE_DB_MIGRATION_USER", DatabaseBootstrap.ownerRole(service));
        env.put("CLEARHOUSE_DB_MIGRATION_PASSWORD", secrets.get(DatabaseBootstrap.ownerRole(service)));
        env.put("CLEARHOUSE_KAFKA_BOOTSTRAP", config.kafkaBootstrap());
        config.servicePorts().forEach((s, p) -> {
            env.put("CLEARHOUSE_" + s.toUpperCase() + "_PORT", Integer.toString(p));
            env.put("CLEARHOUSE_" + s.toUpperCase() + "_URL", config.serviceUrl(s));
        });
        env.put("CLEARHOUSE_DATA_DIR", config.dataDir().toString());
        // the gateway signs the caller identity it passes on with it; every service refuses to start without it
        env.put("CLEARHOUSE_IDENTITY_SECRET", secrets.identitySecret());
        return env;
    }

    private void awaitReady(String service, ChildProcess process) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(SERVICE_READY_TIMEOUT);
        while (!Health.ready(config, service)) {
            if (!process.isAlive()) {
                throw new IOException(service + "-service exited during start; see " + process.log());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(service + "-service not ready after " + SERVICE_READY_TIMEOUT.toSeconds()
                        + " s; see " + process.log());
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** Pids of the child JVMs (services and broker), for tests that check nothing is left behind. */
    public List<Long> childPids() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).toList();
    }

    /** A superuser connection to the stack's database, for operator tooling. */
    public java.sql.Connection superuserConnection() throws java.sql.SQLException {
        return postgres.superuser();
    }

    /** Blocks until the stack is stopped (Ctrl-C or ./clearhouse down) or a service dies. */
    public void awaitTermination(Console out) throws InterruptedException {
        while (!closed) {
            for (ChildProcess p : services.values()) {
                if (!p.isAlive() && !closed) {
                    out.line(p.name() + "-service stopped unexpectedly; see " + p.log() + ". Stopping the stack.");
                    close();
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e.getMessage());
            }
        }
    }

    /** The pid of a live launcher holding this data directory, if any. */
    public static Optional<Long> runningPid(StackConfig config) {
        try {
            if (!Files.exists(config.pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(config.pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // a port in TIME_WAIT from a previous run is free for a server
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
