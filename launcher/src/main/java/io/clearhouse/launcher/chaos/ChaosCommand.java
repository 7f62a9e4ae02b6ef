package io.clearhouse.launcher.chaos;

import io.clearhouse.launcher.Console;
import io.clearhouse.launcher.FreePorts;
import io.clearhouse.launcher.Stack;
import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.demo.GatewayClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./clearhouse chaos [--seed N] [--minutes M] [--pg-outage-seconds S] [--freeze-seconds F] [--no-faults]}:
 * starts a stack of its own (a fresh data directory under {@code <data dir>/chaos/}, free ports, so
 * it never touches the stack {@code up} runs), runs the {@link ChaosRun}, prints the table and writes
 * it under {@code bench/results/}. Exit 0 when every check passed, 1 otherwise. The run's data
 * directory is deleted after a pass and kept (its path printed) after a failure.
 */
public final class ChaosCommand {

    private static final int MINUTES_MAX = 120;
    private static final int OUTAGE_SECONDS_MAX = 900;

    private ChaosCommand() {
    }

    public static int run(StackConfig base, List<String> args, Console out) throws Exception {
        long seed = 42;
        int minutes = 5;
        int outage = 90;
        int freeze = 5;
        boolean faults = true;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            try {
                switch (a) {
                    case "--seed" -> seed = Long.parseLong(args.get(++i));
                    case "--minutes" -> minutes = bounded(args.get(++i), 1, MINUTES_MAX, "--minutes");
                    case "--pg-outage-seconds" -> outage = bounded(args.get(++i), 1, OUTAGE_SECONDS_MAX,
                            "--pg-outage-seconds");
                    case "--freeze-seconds" -> freeze = bounded(args.get(++i), 1, 60, "--freeze-seconds");
                    case "--no-faults" -> faults = false;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                out.line((e instanceof IndexOutOfBoundsException ? a + " needs a value" : e.getMessage()));
                out.line("usage: ./clearhouse chaos [--seed N] [--minutes 1-" + MINUTES_MAX + "] [--pg-outage-seconds S]"
                        + " [--freeze-seconds F] [--no-faults]");
                return 2;
            }
        }
        ChaosRun.Options options = ChaosRun.Options.full(seed, minutes, Duration.ofSeconds(outage),
                Duration.ofSeconds(freeze));
        if (!faults) {
            options = options.withoutFaults();
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path data = base.dataDir().resolve("chaos").resolve("run-" + stamp);
        StackConfig config = FreePorts.stackOn(base.withTls(false), data);
        String loadBefore = load();
        out.line("Starting a stack of its own for the chaos run (data in " + data + ")");
        Instant t0 = Instant.now();
        ChaosReport report;
        try (Stack stack = Stack.start(config, out)) {
            report = new ChaosRun(stack, GatewayClient.forStack(config, "chaos-"), out).run(options);
        }
        String note = String.format("Load average (1/5/15 min) %s at the start, %s at the end; the machine was %s."
                        + " Whole run including the stack's start: %d s.", loadBefore, load(),
                loadBefore.startsWith("0.") ? "otherwise idle" : "shared with other work",
                Duration.between(t0, Instant.now()).toSeconds());
        out.line("");
        report.lines().forEach(out::line);
        Path file = report.write(base.home(), note);
        out.line("Written to " + file);
        if (report.pass()) {
            delete(data);
            return 0;
        }
        out.line("The run's data (logs, database, broker) is kept in " + data);
        return 1;
    }

    private static int bounded(String value, int min, int max, String name) {
        int v = Integer.parseInt(value);
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
        }
        return v;
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
