package io.clearhouse.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where the local stack lives and which ports it takes, from environment variables with defaults.
 * Ports default to values unlikely to clash with a developer's own PostgreSQL or Kafka.
 */
public record StackConfig(Path home, Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                          Map<String, Integer> servicePorts, String serviceJavaOpts, boolean tls,
                          boolean settlementAutoClose, int settlementAutoClosePollMs) {

    /**
     * How often the embedded stack's settlement looks for periods past their cut-off + grace: short, so
     * that a day the demo sends into the past closes seconds after its contracts arrive (a tick that
     * finds nothing due is one small query). Production keeps settlement's own default of a minute.
     */
    public static final int SETTLEMENT_AUTO_CLOSE_POLL_MS_DEFAULT = 2_000;

    /** The services with a database schema and Kafka, in start order. */
    public static final List<String> SERVICES = List.of("ingest", "settlement", "reconciliation", "reporting",
            "gateway");

    /**
     * The back-office console: no broker, and a schema of its own for its sessions only; it calls the gateway
     * with the signed-in person's token, and the gateway routes {@code /console/**} to it. Started once the
     * services are ready.
     */
    public static final String CONSOLE = "console";

    public static StackConfig fromEnvironment() {
        return from(System::getenv, Path.of(System.getProperty("clearhouse.home", ".")).toAbsolutePath().normalize());
    }

    public static StackConfig from(UnaryOperator<String> env, Path home) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        int base = 8080;
        List<String> portOrder = List.of("gateway", "ingest", "settlement", "reconciliation", "reporting", CONSOLE);
        for (int i = 0; i < portOrder.size(); i++) {
            String service = portOrder.get(i);
            ports.put(service, intEnv(env, "CLEARHOUSE_" + service.toUpperCase() + "_PORT", base + i));
        }
        String data = env.apply("CLEARHOUSE_DATA_DIR");
        return new StackConfig(home, data == null ? home.resolve(".clearhouse") : Path.of(data).toAbsolutePath(),
                intEnv(env, "CLEARHOUSE_PG_PORT", 55432), intEnv(env, "CLEARHOUSE_KAFKA_PORT", 59092),
                intEnv(env, "CLEARHOUSE_KAFKA_CONTROLLER_PORT", 59093), ports,
                orDefault(env.apply("CLEARHOUSE_SERVICE_JAVA_OPTS"), "-Xms64m -Xmx512m -XX:+UseSerialGC"), false,
                !"false".equalsIgnoreCase(orDefault(env.apply("CLEARHOUSE_SETTLEMENT_AUTO_CLOSE"), "true").trim()),
                intEnv(env, "CLEARHOUSE_SETTLEMENT_AUTO_CLOSE_POLL_MS", SETTLEMENT_AUTO_CLOSE_POLL_MS_DEFAULT));
    }

    public StackConfig withDataDirAndPorts(Path dataDir, int pg, int kafka, int controller, Map<String, Integer> ports) {
        return new StackConfig(home, dataDir, pg, kafka, controller, ports, serviceJavaOpts, tls, settlementAutoClose,
                settlementAutoClosePollMs);
    }

    /** The gateway serves HTTPS with the stack's self-signed certificate ({@code up --tls}). */
    public StackConfig withTls(boolean tls) {
        return new StackConfig(home, dataDir, postgresPort, kafkaPort, kafkaControllerPort, servicePorts,
                serviceJavaOpts, tls, settlementAutoClose, settlementAutoClosePollMs);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/clearhouse";
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** Where a service answers; the gateway over HTTPS when the stack runs with TLS. */
    public String serviceUrl(String service) {
        return (tls && "gateway".equals(service) ? "https" : "http") + "://127.0.0.1:" + servicePorts.get(service);
    }

    /** Where a service's own paths start: the console serves under {@code /console}, as the gateway routes it. */
    public String serviceBase(String service) {
        return serviceUrl(service) + (CONSOLE.equals(service) ? "/console" : "");
    }

    /** Where a person opens the console: through the gateway. */
    public String consoleUrl() {
        return serviceUrl("gateway") + "/console/";
    }

    /** Where the self-signed certificate of {@code --tls} lives (keystore and PEM certificate). */
    public Path tlsDir() {
        return dataDir.resolve("tls");
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    public Path pidFile() {
        return dataDir.resolve("stack.pid");
    }

    public Path serviceJar(String service) {
        return home.resolve(service + "-service").resolve("target").resolve(service + "-service-exec.jar");
    }

    public Path kafkaLibs() {
        return home.resolve("launcher").resolve("target").resolve("kafka-libs");
    }

    /** Every port the stack binds, named for the one-line refusal when one is taken. */
    public Map<String, Integer> allPorts() {
        Map<String, Integer> all = new LinkedHashMap<>();
        all.put("PostgreSQL (CLEARHOUSE_PG_PORT)", postgresPort);
        all.put("Kafka (CLEARHOUSE_KAFKA_PORT)", kafkaPort);
        all.put("Kafka controller (CLEARHOUSE_KAFKA_CONTROLLER_PORT)", kafkaControllerPort);
        servicePorts.forEach((s, p) -> all.put(s + " (CLEARHOUSE_" + s.toUpperCase() + "_PORT)", p));
        return all;
    }

    boolean built() {
        return SERVICES.stream().allMatch(s -> Files.isRegularFile(serviceJar(s))) && Files.isRegularFile(serviceJar(CONSOLE))
                && Files.isDirectory(kafkaLibs());
    }

    private static int intEnv(UnaryOperator<String> env, String name, int fallback) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    private static String orDefault(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v;
    }
}
