package io.clearhouse.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository the tests check, and what its services read from their environment. */
final class Repo {

    /** The five services: name (as in {@code <name>-service}) and HTTP port. */
    static final Map<String, Integer> SERVICES = Map.of(
            "gateway", 8080, "ingest", 8081, "settlement", 8082, "reconciliation", 8083, "reporting", 8084);

    /**
     * The back-office console ({@code console-service}): no Kafka, no identity secret, a schema for its
     * sessions only, so it is not in {@link #SERVICES}; reached only through the gateway, under its context path.
     */
    static final String CONSOLE = "console";
    static final int CONSOLE_PORT = 8085;
    static final String CONSOLE_CONTEXT_PATH = "/console";

    /**
     * What the console reads, with its defaults, for as long as console-service/src/main/resources is
     * not in this tree: {@link #envReadBy} reads the module's application*.yml instead once it exists,
     * so a renamed or added variable then fails the checks like for every other service.
     */
    static final Map<String, String> CONSOLE_ENV_UNTIL_ITS_MODULE_EXISTS = Map.of(
            "CLEARHOUSE_CONSOLE_PORT", "8085",
            "CLEARHOUSE_CONSOLE_GATEWAY_URL", "http://127.0.0.1:8080",
            "CLEARHOUSE_CONSOLE_GATEWAY_CA", "",
            "CLEARHOUSE_CONSOLE_IDLE_TIMEOUT", "30m",
            "CLEARHOUSE_CONSOLE_OIDC_ISSUER_URI", "",
            "CLEARHOUSE_CONSOLE_OIDC_CLIENT_ID", "",
            "CLEARHOUSE_CONSOLE_OIDC_CLIENT_SECRET", "");

    static final String IMAGE_REGISTRY = "ghcr.io/clearhouse/";
    static final String HEALTH_PROBE_CLASS = "io.clearhouse.common.health.HealthProbe";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    private Repo() {
    }

    /** The repository root (the tests run in {@code deployment/}). */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docker-compose.yml")) && Files.isDirectory(p.resolve("k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + here);
    }

    /** The version in the root pom, which the images are tagged with. */
    static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>clearhouse</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(root().resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no version in the root pom");
        }
        return m.group(1);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(200);
        return new Yaml(new SafeConstructor(options));
    }

    /**
     * Every environment variable a service reads through a {@code ${NAME:default}} placeholder of its
     * {@code application.yml}, with its default ("" when empty, null when it has none).
     */
    static Map<String, String> envReadBy(String service) {
        Map<String, String> vars = new TreeMap<>();
        Path resources = root().resolve(service + "-service/src/main/resources");
        if (service.equals(CONSOLE) && !Files.isDirectory(resources)) {
            vars.putAll(CONSOLE_ENV_UNTIL_ITS_MODULE_EXISTS);
            return vars;
        }
        try (var files = Files.list(resources)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
                Matcher m = PLACEHOLDER.matcher(read(f));
                while (m.find()) {
                    vars.put(m.group(1), m.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vars;
    }

    /**
     * Variables a service reads that a deployment must set: those whose default only works for the
     * embedded stack on one machine (127.0.0.1) and those without a usable default, less the ones
     * that turn an optional feature on.
     */
    static List<String> requiredEnv(String service) {
        return envReadBy(service).entrySet().stream()
                .filter(e -> e.getValue() == null || e.getValue().isEmpty() || e.getValue().contains("127.0.0.1"))
                .map(Map.Entry::getKey)
                .filter(name -> !OPTIONAL.contains(name))
                .toList();
    }

    /** Empty means off (or: use the default behaviour); documented in the services' canvases. */
    static final List<String> OPTIONAL = List.of(
            "CLEARHOUSE_DATA_DIR",
            // empty: readable text logs; deployments may set ecs (or logstash, gelf) for one JSON object a line
            "CLEARHOUSE_LOG_FORMAT",
            "CLEARHOUSE_GATEWAY_EXTERNAL_ALLOWED_CIDRS",
            "CLEARHOUSE_GATEWAY_JWK_SET_FILE",
            "CLEARHOUSE_GATEWAY_OIDC_ISSUER_URI",
            "CLEARHOUSE_GATEWAY_OIDC_JWK_SET_URI",
            "CLEARHOUSE_GATEWAY_TLS_KEYSTORE",
            "CLEARHOUSE_GATEWAY_TLS_KEYSTORE_PASSWORD",
            "CLEARHOUSE_GATEWAY_TRUSTED_PROXIES",
            "CLEARHOUSE_GATEWAY_UPLOAD_SPOOL_DIR",
            "CLEARHOUSE_GATEWAY_BOOTSTRAP_ADMIN_SECRET",
            "CLEARHOUSE_SETTLEMENT_ALERT_WEBHOOK_URL",
            "CLEARHOUSE_SETTLEMENT_ALERT_WEBHOOK_SECRET",
            "CLEARHOUSE_SETTLEMENT_FX_IMPORT_URL",
            "CLEARHOUSE_RECON_ALERT_WEBHOOK_URL",
            "CLEARHOUSE_RECON_ALERT_WEBHOOK_SECRET",
            "CLEARHOUSE_RECON_APPROVAL_ABOVE_MAJOR_BY_CURRENCY",
            "CLEARHOUSE_REPORTING_WEBHOOK_URL",
            "CLEARHOUSE_REPORTING_WEBHOOK_SECRET",
            // the console: a PEM to trust when the gateway it calls is HTTPS; sign-in through an IdP
            "CLEARHOUSE_CONSOLE_GATEWAY_CA",
            "CLEARHOUSE_CONSOLE_OIDC_ISSUER_URI",
            "CLEARHOUSE_CONSOLE_OIDC_CLIENT_ID",
            "CLEARHOUSE_CONSOLE_OIDC_CLIENT_SECRET");

    /** Variables that give a process a database, Kafka or the identity secret: for the console, only its sessions' database. */
    static boolean dataPlane(String name) {
        return name.startsWith("CLEARHOUSE_DB_") || name.startsWith("CLEARHOUSE_KAFKA_") || name.startsWith("SPRING_KAFKA_")
                || name.startsWith("SPRING_DATASOURCE_") || name.equals("CLEARHOUSE_IDENTITY_SECRET");
    }

    /** Spring Boot binds these from the environment by relaxed binding, with no placeholder. */
    static boolean springRelaxed(String name) {
        return name.startsWith("SPRING_KAFKA_") || name.equals("JAVA_TOOL_OPTIONS");
    }
}
