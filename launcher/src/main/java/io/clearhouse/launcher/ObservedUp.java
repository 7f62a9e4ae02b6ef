package io.clearhouse.launcher;

/**
 * {@code ./clearhouse up --observability}: the stack as {@code up} starts it, then Prometheus and
 * Alertmanager ({@link Observability}) scraping it with the {@code ops/} rules and routes. Without the
 * Debian packages it says in one line how to install them and runs the stack alone.
 */
final class ObservedUp {

    private ObservedUp() {
    }

    static int run(StackConfig config, Console out) throws Exception {
        Observability.Settings settings = Observability.Settings.from(System::getenv);
        boolean installed = Observability.binaries().isPresent();
        if (!installed) {
            out.line(Observability.HOW_TO_INSTALL + " (starting the stack without them)");
        }
        Stack stack = Clearhouse.startStack(config);
        Observability observability = null;
        if (installed) {
            try {
                observability = Observability.start(config, settings, out);
            } catch (StackRefusedException e) {
                out.line(e.getMessage() + " (the stack runs without Prometheus and Alertmanager)");
            } catch (java.io.IOException e) {
                out.line("Prometheus or Alertmanager did not start: " + e.getMessage()
                        + " (the stack runs without them; see " + config.logDir() + ")");
            }
        }
        Clearhouse.printEndpoints(config);
        if (observability != null) {
            out.line("  Prometheus         " + settings.prometheusUrl() + "  (rules: ops/prometheus/alerts.yml)");
            out.line("  Alertmanager       " + settings.alertmanagerUrl() + "  (webhooks to " + settings.webhookUrl()
                    + "/<receiver>; CLEARHOUSE_ALERT_WEBHOOK_URL)");
            out.line("  dashboards         ops/grafana/dashboards/*.json (import into a Grafana with datasource uid "
                    + "clearhouse-prometheus)");
            out.line("");
        }
        out.line("Running. Ctrl-C (or ./clearhouse down) stops everything.");
        try {
            stack.awaitTermination(out);
        } finally {
            if (observability != null) {
                observability.close();
            }
        }
        return 0;
    }
}
