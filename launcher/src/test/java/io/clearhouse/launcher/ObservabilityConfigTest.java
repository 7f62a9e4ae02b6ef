package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code up --observability} gives Prometheus and Alertmanager. */
class ObservabilityConfigTest {

    private static final Path HOME = Path.of(System.getProperty("clearhouse.home", "..")).toAbsolutePath().normalize();

    private static StackConfig config() {
        return StackConfig.from(name -> null, HOME).withDataDirAndPorts(HOME.resolve("target/obs"), 1, 2, 3,
                Map.of("gateway", 18080, "ingest", 18081, "settlement", 18082, "reconciliation", 18083,
                        "reporting", 18084, "console", 18085));
    }

    @Test
    void prometheusScrapesEveryServiceOnLoopbackLabelledByServiceWithTheOpsRulesAndThisAlertmanager() {
        String yaml = Observability.prometheusConfig(config(),
                new Observability.Settings(19090, 19093, "http://127.0.0.1:9095/", Duration.ofSeconds(5)));
        assertThat(yaml).contains("scrape_interval: 5s", "evaluation_interval: 5s",
                HOME.resolve("ops/prometheus/alerts.yml").toString(), "targets: ['127.0.0.1:19093']",
                "metrics_path: /actuator/prometheus");
        for (String s : new String[] {"gateway", "ingest", "settlement", "reconciliation", "reporting", "console"}) {
            assertThat(yaml).contains("labels: {service: " + s + "}");
        }
        assertThat(yaml).contains("'127.0.0.1:18080'", "'127.0.0.1:18084'");
    }

    @Test
    void theConsoleIsScrapedOnItsOwnPortUnderItsContextPath() {
        String yaml = Observability.prometheusConfig(config(),
                new Observability.Settings(19090, 19093, "http://127.0.0.1:9095", Duration.ofSeconds(10)));
        assertThat(yaml).contains("  - job_name: clearhouse-console\n    metrics_path: /console/actuator/prometheus\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:18085']\n        labels: {service: console}\n");
        assertThat(yaml.split("labels: \\{service: console}", -1)).hasSize(2);
    }

    @Test
    void withTlsTheGatewayIsScrapedOverHttpsTrustingTheStacksCertificate() {
        String yaml = Observability.prometheusConfig(config().withTls(true),
                new Observability.Settings(19090, 19093, "http://127.0.0.1:9095", Duration.ofSeconds(10)));
        assertThat(yaml).contains("scheme: https", "ca_file:");
        assertThat(yaml.split("labels: \\{service: gateway}", -1)).hasSize(2);
    }

    @Test
    void theAlertmanagerReceiversPostToTheConfiguredWebhook() throws Exception {
        String yaml = Observability.alertmanagerConfig(HOME, "http://127.0.0.1:4242");
        assertThat(yaml).doesNotContain(Observability.RECEIVER_PLACEHOLDER)
                .contains("http://127.0.0.1:4242/on-call", "http://127.0.0.1:4242/partner-desk",
                        "http://127.0.0.1:4242/ops-desk");
    }

    @Test
    void settingsComeFromTheEnvironmentWithDefaultsAndABoundedInterval() {
        Observability.Settings d = Observability.Settings.from(name -> null);
        assertThat(d.prometheusUrl()).isEqualTo("http://127.0.0.1:9090");
        assertThat(d.alertmanagerUrl()).isEqualTo("http://127.0.0.1:9093");
        assertThat(d.webhookUrl()).isEqualTo("http://127.0.0.1:9095");
        assertThat(d.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> Observability.Settings.from(n -> "CLEARHOUSE_PROMETHEUS_SCRAPE_SECONDS".equals(n)
                ? "0" : null)).isInstanceOf(IllegalArgumentException.class);
    }
}
