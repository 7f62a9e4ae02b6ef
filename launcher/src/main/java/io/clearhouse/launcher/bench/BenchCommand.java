package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.Console;
import io.clearhouse.launcher.Stack;
import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.demo.GatewayClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./clearhouse bench ingest [transactions] [rate]} and {@code ./clearhouse bench report [transactions]
 * [providers]}: runs a benchmark against the running stack, or against one it starts (and stops) for the
 * purpose, and writes the figures under bench/results/.
 */
public final class BenchCommand {

    private BenchCommand() {
    }

    public static int run(StackConfig config, List<String> args, Console out) throws Exception {
        String which = args.isEmpty() ? "ingest" : args.get(0);
        if (!which.equals("ingest") && !which.equals("report")) {
            out.line("usage: ./clearhouse bench ingest [transactions] [single-request rate/s]");
            out.line("       ./clearhouse bench report [transactions, default 10000000] [providers, default 8]");
            out.line("(settlement and reconciliation benchmarks: see their service READMEs)");
            return 1;
        }
        boolean reportBench = which.equals("report");
        String webhookUrl = System.getenv("CLEARHOUSE_REPORTING_WEBHOOK_URL");
        String webhookSecret = System.getenv("CLEARHOUSE_REPORTING_WEBHOOK_SECRET");
        Map<String, String> extraEnvironment = Map.of();
        Stack started = null;
        if (Stack.runningPid(config).isEmpty()) {
            if (reportBench && (webhookUrl == null || webhookUrl.isBlank())) {
                // the stack started here posts reporting's webhook to this benchmark's receiver
                webhookUrl = "http://127.0.0.1:" + freePort() + "/reports-ready";
                webhookSecret = "bench-" + UUID.randomUUID();
                extraEnvironment = Map.of("CLEARHOUSE_REPORTING_WEBHOOK_URL", webhookUrl,
                        "CLEARHOUSE_REPORTING_WEBHOOK_SECRET", webhookSecret);
            }
            long t0 = System.nanoTime();
            started = Stack.start(config, out, extraEnvironment);
            out.line(String.format("up: all services healthy in %.1f s", (System.nanoTime() - t0) / 1e9));
        } else if (reportBench && (webhookUrl == null || webhookUrl.isBlank())) {
            out.line("The running stack was started without CLEARHOUSE_REPORTING_WEBHOOK_URL: the webhook is not measured.");
            webhookUrl = null;
        }
        try {
            BenchReport report;
            if (reportBench) {
                long transactions = args.size() > 1 ? Long.parseLong(args.get(1)) : 10_000_000L;
                int providers = args.size() > 2 ? Integer.parseInt(args.get(2)) : 8;
                if (transactions < 1 || transactions > 100_000_000L || providers < 1 || providers > 50) {
                    out.line("bench report: transactions 1..100000000, providers 1..50");
                    return 1;
                }
                report = new ReportBenchmark(config, GatewayClient.forStack(config, "demo-"))
                        .run(transactions, providers, webhookUrl, webhookSecret);
            } else {
                int transactions = args.size() > 1 ? Integer.parseInt(args.get(1)) : 200_000;
                int ratePerSecond = args.size() > 2 ? Integer.parseInt(args.get(2)) : 1_000;
                report = new IngestBenchmark(config, GatewayClient.forStack(config, "demo-"))
                        .run(transactions, ratePerSecond);
            }
            Path file = report.write(config.home());
            out.line("Figures written to " + file);
            return 0;
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
