package io.clearhouse.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Prometheus and Alertmanager beside the embedded stack ({@code ./clearhouse up --observability}), from the
 * Debian packages {@code prometheus} and {@code prometheus-alertmanager}, configured from {@code ops/}: the
 * rules {@code ops/prometheus/alerts.yml} as they are, a scrape config generated for the stack's loopback
 * ports (every target labelled {@code service}, as in {@code ops/prometheus/prometheus.yml}; the console at
 * {@code /console/actuator/prometheus} on its own port), and
 * {@code ops/alertmanager/alertmanager.yml} with its receiver address {@code http://alert-receiver:9095}
 * replaced by {@code CLEARHOUSE_ALERT_WEBHOOK_URL}. Both bind 127.0.0.1 only, keep their data under
 * {@code <data dir>/observability}, and stop with the launcher.
 */
public final class Observability implements AutoCloseable {

    /** The one line shown when the packages are missing. */
    public static final String HOW_TO_INSTALL = "Prometheus and Alertmanager are not installed: "
            + "sudo apt-get install prometheus prometheus-alertmanager";
    /** The receiver address written in ops/alertmanager/alertmanager.yml, replaced here. */
    static final String RECEIVER_PLACEHOLDER = "http://alert-receiver:9095";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Where and how often: ports, the base URL the alert webhooks go to, scrape and rule evaluation interval.
     * From {@code CLEARHOUSE_PROMETHEUS_PORT} (9090), {@code CLEARHOUSE_ALERTMANAGER_PORT} (9093),
     * {@code CLEARHOUSE_ALERT_WEBHOOK_URL} (http://127.0.0.1:9095), {@code CLEARHOUSE_PROMETHEUS_SCRAPE_SECONDS} (10).
     */
    public record Settings(int prometheusPort, int alertmanagerPort, String webhookUrl, Duration interval) {

        public Settings {
            if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("scrape interval must be within 1 s .. 5 min, was " + interval);
            }
            webhookUrl = webhookUrl.endsWith("/") ? webhookUrl.substring(0, webhookUrl.length() - 1) : webhookUrl;
        }

        public static Settings from(UnaryOperator<String> env) {
            return new Settings(intEnv(env, "CLEARHOUSE_PROMETHEUS_PORT", 9090),
                    intEnv(env, "CLEARHOUSE_ALERTMANAGER_PORT", 9093),
                    Optional.ofNullable(env.apply("CLEARHOUSE_ALERT_WEBHOOK_URL")).filter(s -> !s.isBlank())
                            .orElse("http://127.0.0.1:9095"),
                    Duration.ofSeconds(intEnv(env, "CLEARHOUSE_PROMETHEUS_SCRAPE_SECONDS", 10)));
        }

        public String prometheusUrl() {
            return "http://127.0.0.1:" + prometheusPort;
        }

        public String alertmanagerUrl() {
            return "http://127.0.0.1:" + alertmanagerPort;
        }

        private static int intEnv(UnaryOperator<String> env, String name, int fallback) {
            String v = env.apply(name);
            return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
        }
    }

    private final Settings settings;
    private final Deque<ChildProcess> started = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "clearhouse-observability-stop");

    private Observability(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** The Prometheus and Alertmanager executables, or empty when either package is missing. */
    public static Optional<List<Path>> binaries() {
        Optional<Path> prometheus = ChildProcess.onPath("prometheus");
        Optional<Path> alertmanager = ChildProcess.onPath("prometheus-alertmanager").or(() -> ChildProcess.onPath("alertmanager"));
        if (prometheus.isEmpty() || alertmanager.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(List.of(prometheus.get(), alertmanager.get()));
    }

    /**
     * Starts Alertmanager, then Prometheus, and waits until both are ready.
     *
     * @throws StackRefusedException (one line) when a package is missing or a port is taken
     */
    public static Observability start(StackConfig config, Settings settings, Console out)
            throws IOException, InterruptedException {
        List<Path> bin = binaries().orElseThrow(() -> new StackRefusedException(HOW_TO_INSTALL));
        for (Map.Entry<String, Integer> port : Map.of("Prometheus (CLEARHOUSE_PROMETHEUS_PORT)", settings.prometheusPort(),
                "Alertmanager (CLEARHOUSE_ALERTMANAGER_PORT)", settings.alertmanagerPort()).entrySet()) {
            if (!Stack.portFree(port.getValue())) {
                throw new StackRefusedException("Port " + port.getValue() + " for " + port.getKey()
                        + " is taken: free it or set that variable to another port.");
            }
        }
        Path dir = config.dataDir().resolve("observability");
        Files.createDirectories(dir);
        Path promConfig = dir.resolve("prometheus.yml");
        Files.writeString(promConfig, prometheusConfig(config, settings));
        Path amConfig = dir.resolve("alertmanager.yml");
        Files.writeString(amConfig, alertmanagerConfig(config.home(), settings.webhookUrl()));

        Observability o = new Observability(settings);
        Runtime.getRuntime().addShutdownHook(o.shutdownHook);
        try {
            out.step("Alertmanager on " + settings.alertmanagerUrl());
            o.started.push(ChildProcess.start("alertmanager", List.of(bin.get(1).toString(),
                    "--config.file=" + amConfig, "--storage.path=" + dir.resolve("alertmanager-data"),
                    "--web.listen-address=127.0.0.1:" + settings.alertmanagerPort(),
                    // one instance: no gossip port
                    "--cluster.listen-address="), Map.of(), config.logDir().resolve("alertmanager.log"), dir));
            o.awaitReady(settings.alertmanagerUrl());
            out.step("Prometheus on " + settings.prometheusUrl());
            o.started.push(ChildProcess.start("prometheus", List.of(bin.get(0).toString(),
                    "--config.file=" + promConfig, "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                    "--storage.tsdb.retention.time=7d",
                    "--web.listen-address=127.0.0.1:" + settings.prometheusPort()), Map.of(),
                    config.logDir().resolve("prometheus.log"), dir));
            o.awaitReady(settings.prometheusUrl());
        } catch (IOException | InterruptedException | RuntimeException e) {
            o.close();
            throw e;
        }
        return o;
    }

    /** The scrape config of the embedded stack: its five services and the console on loopback, the ops/ rules, this Alertmanager. */
    static String prometheusConfig(StackConfig config, Settings settings) {
        StringBuilder y = new StringBuilder();
        long seconds = settings.interval().toSeconds();
        y.append("# generated by ./clearhouse up --observability from ops/prometheus (do not edit: rewritten at each start)\n");
        // a scrape may last the whole interval (Prometheus refuses a timeout longer than it)
        y.append("global:\n  scrape_interval: ").append(seconds).append("s\n  scrape_timeout: ").append(seconds)
                .append("s\n  evaluation_interval: ").append(seconds).append("s\n");
        y.append("rule_files:\n  - '").append(config.home().resolve("ops/prometheus/alerts.yml")).append("'\n");
        y.append("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:")
                .append(settings.alertmanagerPort()).append("']\n");
        y.append("scrape_configs:\n  - job_name: clearhouse\n    metrics_path: /actuator/prometheus\n");
        y.append("    static_configs:\n");
        for (String service : List.of("gateway", "ingest", "settlement", "reconciliation", "reporting")) {
            if (config.tls() && "gateway".equals(service)) {
                continue; // below, over HTTPS
            }
            y.append("      - targets: ['127.0.0.1:").append(config.servicePorts().get(service)).append("']\n");
            y.append("        labels: {service: ").append(service).append("}\n");
        }
        if (config.tls()) {
            // the gateway serves HTTPS with the stack's self-signed certificate
            y.append("  - job_name: clearhouse-gateway-tls\n    metrics_path: /actuator/prometheus\n    scheme: https\n")
                    .append("    tls_config:\n      ca_file: '").append(config.tlsDir().resolve(StackTls.CERTIFICATE))
                    .append("'\n    static_configs:\n      - targets: ['127.0.0.1:")
                    .append(config.servicePorts().get("gateway")).append("']\n        labels: {service: gateway}\n");
        }
        // the console serves its actuator under its context path; scraped on its own port (plain HTTP on
        // loopback), not through the gateway
        Integer console = config.servicePorts().get(StackConfig.CONSOLE);
        if (console != null) {
            y.append("  - job_name: clearhouse-console\n    metrics_path: /console/actuator/prometheus\n")
                    .append("    static_configs:\n      - targets: ['127.0.0.1:").append(console)
                    .append("']\n        labels: {service: console}\n");
        }
        return y.toString();
    }

    /** ops/alertmanager/alertmanager.yml with its receivers pointed at {@code webhookUrl}. */
    static String alertmanagerConfig(Path home, String webhookUrl) throws IOException {
        String ops = Files.readString(home.resolve("ops/alertmanager/alertmanager.yml"));
        if (!ops.contains(RECEIVER_PLACEHOLDER)) {
            throw new IllegalStateException("ops/alertmanager/alertmanager.yml no longer names " + RECEIVER_PLACEHOLDER);
        }
        return ops.replace(RECEIVER_PLACEHOLDER, webhookUrl);
    }

    private void awaitReady(String baseUrl) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        ChildProcess process = started.peek();
        while (!ready(baseUrl)) {
            if (process != null && !process.isAlive()) {
                throw new IOException(process.name() + " exited during start; see " + process.log());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(baseUrl + " not ready after " + READY_TIMEOUT.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    static boolean ready(String baseUrl) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/-/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops Prometheus, then Alertmanager. */
    @Override
    public void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // this is the hook
        }
    }

    private synchronized void closeQuietly() {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }
}
