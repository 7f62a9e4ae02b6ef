package io.clearhouse.launcher.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The alert rules, their unit tests and the Alertmanager routes, checked with the real tools of the
 * Debian packages {@code prometheus} (promtool: required, the test fails with the line saying how to
 * install it) and {@code prometheus-alertmanager} (amtool: checked when installed).
 */
class AlertRulesTest {

    private static Path promtool() {
        Optional<Path> promtool = OpsTools.tool("promtool");
        if (promtool.isEmpty()) {
            fail(OpsTools.HOW_TO_INSTALL);
        }
        return promtool.get();
    }

    @Test
    void theAlertRulesAreValidPrometheusRules() throws Exception {
        OpsTools.Run run = OpsTools.run(OpsTools.home(), promtool().toString(), "check", "rules",
                "ops/prometheus/alerts.yml");
        assertThat(run.exit()).as(run.output()).isZero();
    }

    @Test
    void everyAlertFiresAndStaysQuietAsItsPromtoolUnitTestsSay() throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool().toString(), "test", "rules"));
        try (Stream<Path> tests = Files.list(OpsTools.ops().resolve("prometheus/tests"))) {
            tests.filter(p -> p.getFileName().toString().endsWith(".test.yml")).sorted()
                    .forEach(p -> command.add(OpsTools.home().relativize(p).toString()));
        }
        assertThat(command).hasSizeGreaterThan(3);
        OpsTools.Run run = OpsTools.run(OpsTools.home(), command.toArray(String[]::new));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyAlertRuleHasAPromtoolUnitTest() throws Exception {
        String rules = Files.readString(OpsTools.ops().resolve("prometheus/alerts.yml"));
        StringBuilder tests = new StringBuilder();
        try (Stream<Path> files = Files.list(OpsTools.ops().resolve("prometheus/tests"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".test.yml")).toList()) {
                tests.append(Files.readString(p));
            }
        }
        List<String> untested = new ArrayList<>();
        for (String alert : PromQlSources.alertNames(rules)) {
            if (!tests.toString().contains("alertname: " + alert + "\n")) {
                untested.add(alert);
            }
        }
        assertThat(untested).as("alerts without a promtool unit test").isEmpty();
    }

    @Test
    void theAlertmanagerConfigIsValidAndRoutesBySeverityAndProvider() throws Exception {
        Optional<Path> amtool = OpsTools.tool("amtool");
        Assumptions.assumeTrue(amtool.isPresent(), "amtool not installed (apt-get install prometheus-alertmanager)");
        String config = "--config.file=" + OpsTools.ops().resolve("alertmanager/alertmanager.yml");
        OpsTools.Run check = OpsTools.run(OpsTools.home(), amtool.get().toString(), "check-config",
                OpsTools.ops().resolve("alertmanager/alertmanager.yml").toString());
        assertThat(check.exit()).as(check.output()).isZero();

        assertThat(route(amtool.get(), config, "alertname=ServiceDown", "severity=critical", "service=ingest"))
                .isEqualTo("on-call");
        assertThat(route(amtool.get(), config, "alertname=SettlementCloseBlocked", "severity=critical",
                "provider=nova-slots")).isEqualTo("on-call");
        assertThat(route(amtool.get(), config, "alertname=UnresolvedBreaksOverThreshold", "severity=warning",
                "provider=nova-slots")).isEqualTo("partner-desk");
        assertThat(route(amtool.get(), config, "alertname=DeadLetters", "severity=warning", "service=ingest"))
                .isEqualTo("ops-desk");
    }

    private static String route(Path amtool, String config, String... labels) throws Exception {
        List<String> command = new ArrayList<>(List.of(amtool.toString(), "config", "routes", "test", config));
        command.addAll(List.of(labels));
        OpsTools.Run run = OpsTools.run(OpsTools.home(), command.toArray(String[]::new));
        // amtool warns on stderr that --config.file overrides --alertmanager.url: the receiver is the other line
        return run.output().lines().filter(l -> !l.isBlank() && !l.startsWith("Warning")).findFirst().orElse("")
                .trim();
    }
}
