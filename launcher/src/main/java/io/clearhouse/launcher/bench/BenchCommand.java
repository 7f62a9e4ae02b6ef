package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.Console;
import io.clearhouse.launcher.Stack;
import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.demo.GatewayClient;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./clearhouse bench [ingest|latency|e2e|close|recon|startup|report|console|all]}: runs a benchmark against the
 * running stack, or against one it starts (and stops) for the purpose, and writes the figures, beside the
 * machine's ceilings measured in the same run, under bench/results/ as JSON and Markdown.
 */
public final class BenchCommand {

    private BenchCommand() {
    }

    private static final List<String> KINDS = List.of("ingest", "latency", "e2e", "scale", "close", "recon", "startup",
            "report", "console", "all");

    public static int run(StackConfig config, List<String> args, Console out) throws Exception {
        String which = args.isEmpty() ? "ingest" : args.get(0);
        if (!KINDS.contains(which)) {
            out.line("usage: ./clearhouse bench ingest [transactions, default 200000]   batched, 202 -> row committed");
            out.line("       ./clearhouse bench latency [rates, default 500,1000,2000,4000] [seconds, default 15]");
            out.line("                                          latency, e2e and scale start once the JIT is quiet (at most");
            out.line("                                          CLEARHOUSE_BENCH_WARMUP_SECONDS, default 300)");
            out.line("       ./clearhouse bench e2e [rate, default 500] [seconds, default 20]  202 -> recorded -> counted");
            out.line("       ./clearhouse bench scale [rate] [seconds]  e2e over every gateway of a stack started with");
            out.line("                                          CLEARHOUSE_EXTRA_INSTANCES=ingest,gateway; who consumes what");
            out.line("       ./clearhouse bench close | recon     the services' -Pbench suites (own embedded PG/Kafka)");
            out.line("       ./clearhouse bench startup           up to all services healthy (no stack may run)");
            out.line("       ./clearhouse bench report [transactions, default 10000000] [providers, default 8]");
            out.line("       ./clearhouse bench console [rounds, default 20]  the console's pages, on a running stack");
            out.line("                                          after ./clearhouse demo (its people and data)");
            out.line("       ./clearhouse bench all               startup, ingest, latency, e2e, close, recon");
            out.line("Figures go to bench/results/<name>-<time>.json and .md (and <name>-latest.*).");
            return 1;
        }
        if (which.equals("all")) {
            int worst = 0;
            for (String kind : List.of("startup", "ingest", "latency", "e2e", "close", "recon")) {
                out.line("== bench " + kind);
                worst = Math.max(worst, run(config, List.of(kind), out));
            }
            return worst;
        }
        if (which.equals("close") || which.equals("recon")) {
            BenchReport report = which.equals("close")
                    ? new MavenBenchmark(config).run("close", "settlement-service", "CloseDayBenchmark", 60)
                    : new MavenBenchmark(config).run("recon", "reconciliation-service", "ReconciliationBenchmark", 60);
            out.line("Figures written to " + report.write(config.home()));
            return 0;
        }
        if (which.equals("startup")) {
            if (Stack.runningPid(config).isPresent()) {
                out.line("bench startup starts the stack itself: stop the running one first (./clearhouse down).");
                return 1;
            }
            out.line("Figures written to " + new StartupBenchmark(config).run(out).write(config.home()));
            return 0;
        }
        if (which.equals("console")) {
            int rounds = args.size() > 1 ? Integer.parseInt(args.get(1)) : 20;
            if (rounds < 1 || rounds > 1_000) {
                out.line("bench console: rounds 1..1000");
                return 1;
            }
            if (Stack.runningPid(config).isEmpty()) {
                out.line("bench console measures the demo's day on a running stack: ./clearhouse demo --keep first.");
                return 1;
            }
            out.line("Figures written to " + new ConsoleBenchmark(config).run(rounds).write(config.home()));
            return 0;
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
            GatewayClient gateway = GatewayClient.forStack(config, "demo-");
            switch (which) {
                case "report" -> {
                    long transactions = args.size() > 1 ? Long.parseLong(args.get(1)) : 10_000_000L;
                    int providers = args.size() > 2 ? Integer.parseInt(args.get(2)) : 8;
                    if (transactions < 1 || transactions > 100_000_000L || providers < 1 || providers > 50) {
                        out.line("bench report: transactions 1..100000000, providers 1..50");
                        return 1;
                    }
                    report = new ReportBenchmark(config, gateway).run(transactions, providers, webhookUrl, webhookSecret);
                }
                case "latency" -> {
                    List<Integer> rates = args.size() > 1 ? Arrays.stream(args.get(1).split(","))
                            .map(String::trim).map(Integer::parseInt).toList() : LatencyBenchmark.DEFAULT_RATES;
                    int seconds = args.size() > 2 ? Integer.parseInt(args.get(2)) : 15;
                    if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1 || r > 50_000) || seconds < 1
                            || seconds > 600) {
                        out.line("bench latency: rates 1..50000 req/s, seconds 1..600");
                        return 1;
                    }
                    report = new LatencyBenchmark(config, gateway).run(rates, seconds, 5, jitWarmupSeconds());
                }
                case "scale" -> {
                    int rate = args.size() > 1 ? Integer.parseInt(args.get(1)) : 500;
                    int seconds = args.size() > 2 ? Integer.parseInt(args.get(2)) : 20;
                    if (rate < 1 || rate > 50_000 || seconds < 1 || seconds > 600) {
                        out.line("bench scale: rate 1..50000 req/s, seconds 1..600");
                        return 1;
                    }
                    List<String> gateways = new java.util.ArrayList<>(List.of(config.serviceUrl("gateway")));
                    io.clearhouse.launcher.ServiceLaunch.extras(config).stream()
                            .filter(e -> e.service().equals("gateway")).forEach(e -> gateways.add(e.url(config)));
                    report = new ScaleBenchmark(config, gateway).run(gateways, rate, seconds, jitWarmupSeconds());
                }
                case "e2e" -> {
                    int rate = args.size() > 1 ? Integer.parseInt(args.get(1)) : 500;
                    int seconds = args.size() > 2 ? Integer.parseInt(args.get(2)) : 20;
                    if (rate < 1 || rate > 50_000 || seconds < 1 || seconds > 600) {
                        out.line("bench e2e: rate 1..50000 req/s, seconds 1..600");
                        return 1;
                    }
                    report = new EndToEndBenchmark(config, gateway).run(rate, seconds, jitWarmupSeconds());
                }
                default -> {
                    int transactions = args.size() > 1 ? Integer.parseInt(args.get(1)) : 200_000;
                    if (transactions < 1 || transactions > 10_000_000) {
                        out.line("bench ingest: transactions 1..10000000");
                        return 1;
                    }
                    report = new IngestBenchmark(config, gateway).run(transactions, ingestWarmupTransactions());
                }
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

    /**
     * {@code CLEARHOUSE_BENCH_WARMUP_SECONDS}: the longest JIT warm-up before a latency sweep, an e2e or a scale
     * run ({@link JitWarmup}: it ends earlier once the compilers are quiet; 0..600, default 300).
     */
    static int jitWarmupSeconds() {
        return boundedEnv("CLEARHOUSE_BENCH_WARMUP_SECONDS", 300, 600);
    }

    /** {@code CLEARHOUSE_BENCH_INGEST_WARMUP}: transactions sent before bench ingest's clock (0..1000000, default 50000). */
    static int ingestWarmupTransactions() {
        return boundedEnv("CLEARHOUSE_BENCH_INGEST_WARMUP", 50_000, 1_000_000);
    }

    private static int boundedEnv(String name, int fallback, int max) {
        String v = System.getenv(name);
        int n = v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
        if (n < 0 || n > max) {
            throw new IllegalArgumentException(name + ": 0.." + max);
        }
        return n;
    }
}
