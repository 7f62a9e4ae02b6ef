package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.Console;
import io.clearhouse.launcher.Stack;
import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.demo.GatewayClient;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./clearhouse bench ingest [transactions] [rate]}: runs a benchmark against the running stack, or
 * against one it starts (and stops) for the purpose, and writes the figures under bench/results/.
 */
public final class BenchCommand {

    private BenchCommand() {
    }

    public static int run(StackConfig config, List<String> args, Console out) throws Exception {
        String which = args.isEmpty() ? "ingest" : args.get(0);
        if (!which.equals("ingest")) {
            out.line("usage: ./clearhouse bench ingest [transactions] [single-request rate/s]   (settlement and reconciliation "
                    + "benchmarks: see their service READMEs)");
            return 1;
        }
        int transactions = args.size() > 1 ? Integer.parseInt(args.get(1)) : 200_000;
        int ratePerSecond = args.size() > 2 ? Integer.parseInt(args.get(2)) : 1_000;
        Stack started = null;
        if (Stack.runningPid(config).isEmpty()) {
            long t0 = System.nanoTime();
            started = Stack.start(config, out);
            out.line(String.format("up: all services healthy in %.1f s", (System.nanoTime() - t0) / 1e9));
        }
        try {
            BenchReport report = new IngestBenchmark(config, GatewayClient.forStack(config, "demo-"))
                    .run(transactions, ratePerSecond);
            Path file = report.write(config.home());
            out.line("Figures written to " + file);
            return 0;
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }
}
