package io.clearhouse.launcher;

import io.clearhouse.common.db.DatabaseBootstrap;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole local system: Kafka and PostgreSQL, then the five services (together, or one after another:
 * {@link ServiceLaunch}), the broker's start running beside the others', waiting for each to be ready.
 * Closing stops everything in reverse order, Kafka last. The stop-everything JVM shutdown hook is
 * registered before anything starts, so Ctrl-C or {@code ./clearhouse down} during a start, and a start
 * that fails half way, leave no process behind.
 * A stack holds an exclusive lock on its data directory ({@code stack.lock}) for its lifetime: a
 * second {@code up} on the same directory is refused without touching the first one's pid file.
 */
public final class Stack implements AutoCloseable {

    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(
            Long.parseLong(Optional.ofNullable(System.getenv("CLEARHOUSE_START_TIMEOUT_SECONDS")).orElse("180")));
    /** How long a stop waits for a start in progress to reach a point where it can be stopped. */
    /** Present while the stack running on the data directory serves HTTPS, so other commands use it. */
    static final String TLS_MARKER = "stack.tls";
    private static final Duration STOP_WAITS_FOR_START = Duration.ofSeconds(60);

    private final StackConfig config;
    private final Console out;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** Restarts a service that dies while the stack runs; stops the stack only after repeated crashes. */
    private final ServiceSupervisor supervisor;
    /** Extra instances (scale-out), not supervised. */
    private final Map<String, ChildProcess> extras = new HashMap<>();
    private KafkaBroker kafka;
    private final Thread shutdownHook;
    private final CountDownLatch startFinished = new CountDownLatch(1);
    private volatile Thread starter;
    /** True while PostgreSQL starts: an interrupt there could leave its server running without a handle on it. */
    private volatile boolean startingPostgres;
    private volatile boolean closed;
    private PostgresServer postgres;
    private Map<String, String> extraEnvironment = Map.of();
    /** The background parts' nice value ({@link BackgroundPriority}), and whether they have been given it yet. */
    private final int backgroundNice;
    private volatile boolean backgroundLowered;

    private Stack(StackConfig config, Console out) {
        this.config = config;
        this.out = out;
        try {
            this.backgroundNice = BackgroundPriority.nice();
        } catch (IllegalArgumentException e) {
            throw new StackRefusedException(e.getMessage()); // one line, as for every other refusal
        }
        this.shutdownHook = new Thread(this::stopOnExit, "clearhouse-stop");
        this.supervisor = new ServiceSupervisor(ServiceSupervisor.Policy.fromEnvironment(SERVICE_READY_TIMEOUT),
                config.dataDir(), out, this::close);
    }

    public StackConfig config() {
        return config;
    }

    /** Why the stack cannot start here, as one line saying what to do; empty when it can. */
    public static Optional<String> refusal(StackConfig config) {
        Optional<Long> running = runningPid(config);
        if (running.isPresent()) {
            return Optional.of(alreadyRunning(running.get()));
        }
        for (Map.Entry<String, Integer> port : config.allPorts().entrySet()) {
            if (!portFree(port.getValue())) {
                return Optional.of("Port " + port.getValue() + " for " + port.getKey()
                        + " is taken: free it or set that variable to another port.");
            }
        }
        if (!config.built()) {
            return Optional.of("The services are not built: run ./mvnw -DskipTests package (./clearhouse does it for you).");
        }
        return Optional.empty();
    }

    private static String alreadyRunning(Object pid) {
        return "A Clearhouse stack is already running on this data directory (pid " + pid
                + "): stop it with ./clearhouse down, or use it as it is.";
    }

    /** Starts everything; on failure or interruption stops what it had started and throws. */
    public static Stack start(StackConfig config, Console out) throws IOException, InterruptedException {
        return start(config, out, Map.of());
    }

    /**
     * Starts everything, the services with these variables added to their environment (e.g. a
     * benchmark's webhook receiver for reporting-service).
     */
    public static Stack start(StackConfig config, Console out, Map<String, String> serviceEnvironment)
            throws IOException, InterruptedException {
        Stack stack = claim(config, out);
        stack.extraEnvironment = Map.copyOf(serviceEnvironment);
        stack.boot();
        return stack;
    }

    /**
     * Checks the stack can start here, takes the data directory's lock, writes the pid file and
     * registers the shutdown hook: nothing is started yet.
     */
    static Stack claim(StackConfig config, Console out) throws IOException {
        Optional<String> refusal = refusal(config);
        if (refusal.isPresent()) {
            throw new StackRefusedException(refusal.get());
        }
        Files.createDirectories(config.logDir());
        Stack stack = new Stack(config, out);
        DataDirLock lock = DataDirLock.tryAcquire(config.dataDir())
                .orElseThrow(() -> new StackRefusedException(alreadyRunning(runningPid(config)
                        .map(Object::toString).orElse("unknown"))));
        stack.started.push(lock);
        try {
            // only the holder of the lock writes or deletes the pid file
            stack.started.push(() -> Files.deleteIfExists(config.pidFile()));
            Files.writeString(config.pidFile(), Long.toString(ProcessHandle.current().pid()));
            Path tlsMarker = config.dataDir().resolve(TLS_MARKER);
            Files.deleteIfExists(tlsMarker);
            if (config.tls()) {
                stack.started.push(() -> Files.deleteIfExists(tlsMarker));
                Files.writeString(tlsMarker, "the running stack's gateway serves HTTPS\n");
            }
            Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        } catch (IOException | RuntimeException e) {
            stack.stopAll();
            throw e;
        }
        return stack;
    }

    void boot() throws IOException, InterruptedException {
        starter = Thread.currentThread();
        try {
            startAll();
        } catch (IOException | InterruptedException | RuntimeException e) {
            out.line((closed ? "Start interrupted" : "Start failed: " + e.getMessage())
                    + " -- stopping what was started.");
            boolean interrupted = Thread.interrupted(); // stop politely: an interrupted wait would kill -9
            close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        } finally {
            starter = null;
            startFinished.countDown();
        }
    }

    private void startAll() throws IOException, InterruptedException {
        Instant t0 = Instant.now();
        try (StartupCompilerPriority deferJit = StartupCompilerPriority.start()) {
            startParts();
        }
        lowerBackground();
        out.line(String.format("All services ready in %.1f s.", Duration.between(t0, Instant.now()).toMillis() / 1000.0));
    }

    /** Kafka, PostgreSQL, the services in their waves and any extra instances, each awaited. */
    private void startParts() throws IOException, InterruptedException {
        Secrets secrets = Secrets.loadOrCreate(config.dataDir());
        AuditHeadKeys.ensure(config); // the daily audit heads' signing key: outside the database, ingest only
        if (config.tls()) {
            StackTls.ensureKeystore(config, secrets.tlsKeystorePassword());
            out.line("  TLS: the gateway will serve HTTPS with the self-signed certificate " + config.tlsDir()
                    .resolve(StackTls.CERTIFICATE));
        }
        // the broker needs nothing else: it starts first and runs its start beside the database's and the
        // services' (their Kafka clients retry until it answers); its topics exist before any service is awaited
        out.step("Kafka (KRaft) on " + config.kafkaBootstrap());
        KafkaBroker broker = KafkaBroker.launch(config);
        register(broker);
        kafka = broker;
        out.step("PostgreSQL 17 on 127.0.0.1:" + config.postgresPort());
        startingPostgres = true;
        PostgresServer pg;
        try {
            pg = PostgresServer.start(config, secrets);
        } finally {
            startingPostgres = false;
        }
        register(pg);
        postgres = pg;
        // independent services start together (CLEARHOUSE_START_PARALLEL=false: one after another) under the
        // supervisor, each right after its own migrations (one at a time: five migration JVMs at once starve
        // Kafka's start on 2 cores). The console needs nothing but the gateway (it signs people in there and
        // calls the APIs through it), and nothing of it at start: it starts with the last wave
        List<List<String>> waves = ServiceLaunch.waves(StackConfig.SERVICES);
        for (int w = 0; w < waves.size(); w++) {
            Map<String, ServiceSupervisor.Supervised> started = new java.util.LinkedHashMap<>();
            for (String service : waves.get(w)) {
                out.step(service + "-service on " + config.serviceUrl(service));
                // as the schema owner, in a JVM of its own, unless this build already migrated this history
                ServiceMigrations.runUnlessCurrent(config, service, secrets, pg);
                ServiceSupervisor.Supervised supervised = supervisor.add(service, () -> startService(service, secrets),
                        () -> Health.ready(config, service));
                register(supervised);
                started.put(service, supervised);
            }
            if (w == waves.size() - 1) {
                out.step("console on " + config.consoleUrl() + " (through the gateway)");
                // its own schema holds only the sessions (a restart keeps everyone signed in)
                ServiceMigrations.runUnlessCurrent(config, StackConfig.CONSOLE, secrets, pg);
                ServiceSupervisor.Supervised console = supervisor.add(StackConfig.CONSOLE,
                        () -> startService(StackConfig.CONSOLE, secrets), () -> Health.ready(config, StackConfig.CONSOLE));
                register(console);
                started.put(StackConfig.CONSOLE, console);
            }
            if (w == 0) {
                broker.awaitReady();
            }
            for (Map.Entry<String, ServiceSupervisor.Supervised> e : started.entrySet()) {
                awaitReady(e.getKey(), e.getValue().process());
            }
        }
        register(supervisor); // stopped first: no restart while the stack stops
        supervisor.watch();
        startExtras(secrets);
    }

    /** Keeps a started part for close; when a stop came meanwhile, stops it at once and ends the start. */
    private synchronized void register(AutoCloseable part) throws InterruptedException {
        if (closed) {
            closeQuietly(part);
            throw new InterruptedException("stopped during start");
        }
        started.push(part);
    }

    /**
     * Once every part is ready, after the compilers' deferral has ended: the background parts move behind the
     * request path, and a service started from now on (a restart) starts there ({@link BackgroundPriority}).
     */
    private void lowerBackground() throws InterruptedException {
        backgroundLowered = true;
        for (Map.Entry<String, Long> service : supervisor.pids().entrySet()) {
            if (BackgroundPriority.isBackground(service.getKey())) {
                BackgroundPriority.lowerProcess(service.getValue(), backgroundNice, false);
            }
        }
        for (ServiceLaunch.Extra extra : ServiceLaunch.extras(config)) {
            ChildProcess process = extras.get(extra.name());
            if (process != null && BackgroundPriority.isBackground(extra.service())) {
                BackgroundPriority.lowerProcess(process.pid(), backgroundNice, false);
            }
        }
        long postmaster;
        try {
            postmaster = postgres.postmasterPid();
        } catch (IOException | RuntimeException e) {
            return; // no pid file to read: PostgreSQL keeps its priority, as everything did before
        }
        BackgroundPriority.lowerProcess(postmaster, backgroundNice, true);
    }

    private int startNice() {
        return backgroundLowered ? backgroundNice : 0;
    }

    private ChildProcess startService(String service, Secrets secrets) throws IOException {
        List<String> command = ServiceLaunch.command(config, service, out, true, startNice());
        Map<String, String> env = serviceEnvironment(config, service, secrets);
        env.putAll(extraEnvironment);
        return ChildProcess.start(service, command, env,
                config.logDir().resolve(service + ".log"), config.home());
    }

    /** The extra instances {@code CLEARHOUSE_EXTRA_INSTANCES} asks for (scale-out on one machine). */
    private void startExtras(Secrets secrets) throws IOException, InterruptedException {
        List<ServiceLaunch.Extra> wanted = ServiceLaunch.extras(config);
        for (ServiceLaunch.Extra extra : wanted) {
            out.step(extra.name() + " on " + extra.url(config));
            Map<String, String> env = serviceEnvironment(config, extra.service(), secrets);
            env.putAll(extraEnvironment);
            env.put(extra.portVariable(), Integer.toString(extra.port()));
            ChildProcess process = ChildProcess.start(extra.name(), ServiceLaunch.command(config, extra.service(), out,
                    false, startNice()), env, config.logDir().resolve(extra.name() + ".log"), config.home());
            register(process);
            extras.put(extra.name(), process);
        }
        Instant deadline = Instant.now().plus(SERVICE_READY_TIMEOUT);
        for (ServiceLaunch.Extra extra : wanted) {
            while (!Health.ready(extra.url(config))) {
                if (closed || !extras.get(extra.name()).isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IOException(extra.name() + " did not become ready; see "
                            + config.logDir().resolve(extra.name() + ".log"));
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }

    /** What a service is started with: where its database and broker are, its role, the shared secrets. */
    static Map<String, String> serviceEnvironment(StackConfig config, String service, Secrets secrets) {
        if (StackConfig.CONSOLE.equals(service)) {
            return consoleEnvironment(config, secrets);
        }
        Map<String, String> env = new HashMap<>();
        env.put("CLEARHOUSE_DB_URL", config.jdbcUrl());
        env.put("CLEARHOUSE_DB_USER", DatabaseBootstrap.appRole(service));
        env.put("CLEARHOUSE_DB_PASSWORD", secrets.get(DatabaseBootstrap.appRole(service)));
        // the service runs as its app role only: ServiceMigrations applied its Flyway history as the owner
        env.put("CLEARHOUSE_DB_MIGRATE_ON_START", "false");
        env.put("CLEARHOUSE_KAFKA_BOOTSTRAP", config.kafkaBootstrap());
        config.servicePorts().forEach((s, p) -> {
            env.put("CLEARHOUSE_" + s.toUpperCase() + "_PORT", Integer.toString(p));
            env.put("CLEARHOUSE_" + s.toUpperCase() + "_URL", config.serviceUrl(s));
        });
        env.put("CLEARHOUSE_DATA_DIR", config.dataDir().toString());
        // a laptop stack answers on loopback only, like its PostgreSQL and Kafka: nothing listens on the network
        env.put("SERVER_ADDRESS", "127.0.0.1");
        // the gateway signs the caller identity it passes on with it; every service refuses to start without it
        env.put("CLEARHOUSE_IDENTITY_SECRET", secrets.identitySecret());
        if ("ingest".equals(service)) {
            env.putAll(AuditHeadKeys.ingestEnvironment(config));
        }
        if ("settlement".equals(service)) {
            env.put("CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE", AuditHeadKeys.publicKey(config).toString());
        }
        if ("settlement".equals(service)) {
            // each provider's day closes by itself at its cut-off + grace, as everywhere Clearhouse runs
            env.put("CLEARHOUSE_SETTLEMENT_AUTO_CLOSE", Boolean.toString(config.settlementAutoClose()));
            env.put("CLEARHOUSE_SETTLEMENT_AUTO_CLOSE_POLL_MS", Integer.toString(config.settlementAutoClosePollMs()));
        }
        if (config.tls() && "gateway".equals(service)) {
            env.putAll(StackTls.gatewayEnvironment(config.tlsDir().resolve(StackTls.KEYSTORE),
                    secrets.tlsKeystorePassword()));
        }
        return env;
    }

    /**
     * The console's: its port, the gateway it calls (trusting the stack's certificate under TLS), and its
     * sessions' schema as its app role; no identity secret, no Kafka.
     */
    static Map<String, String> consoleEnvironment(StackConfig config, Secrets secrets) {
        Map<String, String> env = new HashMap<>();
        env.put("CLEARHOUSE_DB_URL", config.jdbcUrl());
        env.put("CLEARHOUSE_DB_USER", DatabaseBootstrap.appRole(StackConfig.CONSOLE));
        env.put("CLEARHOUSE_DB_PASSWORD", secrets.get(DatabaseBootstrap.appRole(StackConfig.CONSOLE)));
        // ServiceMigrations applied the sessions' schema as its owner
        env.put("CLEARHOUSE_DB_MIGRATE_ON_START", "false");
        env.put("CLEARHOUSE_CONSOLE_PORT", Integer.toString(config.servicePorts().get(StackConfig.CONSOLE)));
        env.put("CLEARHOUSE_CONSOLE_GATEWAY_URL", config.serviceUrl("gateway"));
        if (config.tls()) {
            env.put("CLEARHOUSE_CONSOLE_GATEWAY_CA", config.tlsDir().resolve(StackTls.CERTIFICATE).toString());
        }
        env.put("SERVER_ADDRESS", "127.0.0.1");
        return env;
    }

    private void awaitReady(String service, ChildProcess process) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(SERVICE_READY_TIMEOUT);
        while (!Health.ready(config, service)) {
            if (closed) {
                throw new InterruptedException("stopped during start");
            }
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

    /** A superuser connection to the stack's database, for operator tooling. */
    public java.sql.Connection superuserConnection() throws java.sql.SQLException {
        return postgres.superuser();
    }

    /**
     * Blocks until the stack is stopped (Ctrl-C or ./clearhouse down) or its supervisor gave up on a
     * service that kept crashing; a service that dies once is restarted meanwhile (see ServiceSupervisor).
     */
    public void awaitTermination(Console out) throws InterruptedException {
        while (!closed) {
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /** The supervisor of the services (restarts, status), for fault injection and tests. */
    ServiceSupervisor supervisor() {
        return supervisor;
    }

    /** Whether the stack stopped because a service kept crashing (exit code 1 for {@code up}). */
    public boolean gaveUp() {
        return supervisor.snapshot().stream().anyMatch(s -> s.state() == ServiceSupervisor.State.GAVE_UP);
    }

    KafkaBroker kafka() {
        return kafka;
    }

    PostgresServer postgres() {
        return postgres;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Stops everything in reverse start order (services, PostgreSQL, Kafka, then the pid file and the
     * lock). Called during a start (by the shutdown hook), it first lets the start reach a point where
     * it can stop: it interrupts it, unless PostgreSQL is starting, and waits for it.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed && started.isEmpty()) {
                return;
            }
            closed = true;
        }
        Thread s = starter;
        if (s != null && s != Thread.currentThread()) {
            if (!startingPostgres) {
                s.interrupt();
            }
            try {
                startFinished.await(STOP_WAITS_FOR_START.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // this is the hook
        }
    }

    private synchronized void stopAll() {
        while (!started.isEmpty()) {
            closeQuietly(started.pop());
        }
    }

    private void stopOnExit() {
        if (!closed || !started.isEmpty()) {
            out.line("Stopping Clearhouse...");
            close();
            out.line("Stopped.");
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            System.err.println("while stopping: " + e.getMessage());
        }
    }

    /** Whether the stack running on this data directory was started with {@code --tls}. */
    public static boolean runningWithTls(StackConfig config) {
        return runningPid(config).isPresent() && Files.exists(config.dataDir().resolve(TLS_MARKER));
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
