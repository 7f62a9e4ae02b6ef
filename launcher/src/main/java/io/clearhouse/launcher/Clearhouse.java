package io.clearhouse.launcher;

import io.clearhouse.launcher.demo.Demo;
import io.clearhouse.launcher.demo.GatewayClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code ./clearhouse} command: runs the whole system on this machine without Docker.
 * <pre>
 *   up [--tls] [--observability]  start everything, stay in the foreground (Ctrl-C stops it all); --tls: gateway
 *                      on HTTPS; --observability: Prometheus and Alertmanager beside it (see ObservedUp)
 *   down               stop a running stack
 *   status             what runs, where
 *   reset [--yes]      wipe all local data (asks first)
 *   demo [--keep] [--tls]  up if needed, push a simulated day through the gateway, print the summary
 *   dlt list|replay    dead letters of provider.transactions.v1 (--topic another .DLT), see DltCommand
 *   audit verify       recompute ingest's audit chain and batch Merkle roots, name the first broken entry
 *   clients ...        API client administration (create|list|disable|rotate-secret), see ClientsCommand
 *   report daily ...   download a daily settlement report (CSV, XLSX, PDF) as FINANCE, see ReportCommand
 *   bench ingest|latency|e2e|close|recon|startup|all   benchmarks beside the machine's raw COPY and Kafka rates
 *   bench report [n] [p]  the headline: a day of n transactions (10M) over p providers (8), close to reports and webhook
 *   chaos [--seed N] [--minutes M]  a known workload under faults on a stack of its own, then nothing lost or doubled
 *   backup [FILE]      one owner-only archive: an online base backup of PostgreSQL plus the stack's configuration
 *   restore FILE [--yes]  replace the (stopped) stack's database and configuration with a backup, see BackupCommand
 * </pre>
 * ({@code logs <service>} is served by the shell script: it tails the service's log file.)
 */
public final class Clearhouse {

    private static final Console OUT = new Console(System.out);

    private Clearhouse() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        StackConfig config = StackConfig.fromEnvironment();
        // --tls starts the gateway on HTTPS; with a stack running, every command follows that stack
        config = config.withTls(Stack.runningPid(config).isPresent() ? Stack.runningWithTls(config)
                : rest.contains("--tls"));
        int code;
        try {
            code = switch (command) {
                case "up" -> rest.contains("--observability") ? ObservedUp.run(config, OUT) : up(config);
                case "down" -> down(config);
                case "status" -> status(config);
                case "reset" -> reset(config, rest.contains("--yes"));
                case "demo" -> demo(config, rest.contains("--keep"));
                case "dlt" -> DltCommand.run(config, rest, OUT);
                case "audit" -> AuditCommand.run(config, rest, OUT);
                case "clients" -> ClientsCommand.run(config, rest, OUT);
                case "users" -> UsersCommand.run(config, rest, OUT);
                case "report" -> ReportCommand.run(config, rest, OUT);
                case "bench" -> io.clearhouse.launcher.bench.BenchCommand.run(config, rest, OUT);
                case "chaos" -> io.clearhouse.launcher.chaos.ChaosCommand.run(config, rest, OUT);
                case "backup" -> BackupCommand.backup(config, rest, OUT);
                case "restore" -> BackupCommand.restore(config, rest, OUT);
                default -> help();
            };
        } catch (StackRefusedException e) {
            OUT.line(e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    private static int help() {
        OUT.line("usage: ./clearhouse <command>");
        OUT.line("  up [--tls] [--observability]   start everything, stay in the foreground (Ctrl-C stops it all);");
        OUT.line("                                 --observability: Prometheus and Alertmanager with the ops/ rules too");
        OUT.line("  down                           stop a running stack");
        OUT.line("  status                         what runs, where");
        OUT.line("  logs <service|postgres|kafka>  follow a log");
        OUT.line("  reset [--yes]                  wipe all local data (asks first)");
        OUT.line("  demo [--keep] [--tls]          up if needed, push a simulated day through the gateway, print the summary");
        OUT.line("  clients create|list|disable|rotate-secret ...   API client administration (ADMIN)");
        OUT.line("  users create|list|disable|reset|code ...        people who sign in to the console (ADMIN)");
        OUT.line("  dlt list|replay [--topic <topic>.DLT]           dead letters, and re-sending them after a fix");
        OUT.line("  audit verify                   recompute ingest's audit chain and batch Merkle roots");
        OUT.line("  report daily --date D [--provider P] --format csv|xlsx|pdf -o FILE   a daily settlement report");
        OUT.line("  bench ingest|latency|e2e|close|recon|startup|all   benchmarks (./clearhouse bench help)");
        OUT.line("  bench report [n] [providers]   a day of n (10M) transactions: close -> reports archived -> webhook");
        OUT.line("  bench anomalies [p] [days]     anomaly detector false positives over simulated normal days (no stack)");
        OUT.line("  chaos [--seed N] [--minutes M] faults (kill -9, broker restart, database outage) under load, then checks");
        OUT.line("  backup [FILE]                  database (online, consistent) + configuration in one owner-only file");
        OUT.line("  restore FILE [--yes]           replace the stopped stack's database and configuration with a backup");
        return 1;
    }

    private static int up(StackConfig config) throws Exception {
        Stack stack = startStack(config);
        printEndpoints(config);
        OUT.line("Running. Ctrl-C (or ./clearhouse down) stops everything.");
        stack.awaitTermination(OUT);
        return stack.gaveUp() ? 1 : 0;
    }

    /** Starts the stack; its own shutdown hook, registered before anything starts, stops it on exit. */
    static Stack startStack(StackConfig config) throws Exception {
        OUT.line("Starting Clearhouse (data in " + config.dataDir() + ")");
        return Stack.start(config, OUT);
    }

    static void printEndpoints(StackConfig config) {
        OUT.line("");
        OUT.line("  gateway (public)   " + config.serviceUrl("gateway"));
        OUT.line("  console            " + config.consoleUrl() + "  (people: ./clearhouse users create ...)");
        if (config.tls()) {
            OUT.line("  TLS certificate    " + config.tlsDir().resolve(StackTls.CERTIFICATE)
                    + "  (self-signed; curl --cacert it)");
        }
        for (String s : List.of("ingest", "settlement", "reconciliation", "reporting")) {
            OUT.line(String.format("  %-18s %s", s, config.serviceUrl(s)));
        }
        OUT.line("  PostgreSQL         " + config.jdbcUrl());
        OUT.line("  Kafka              " + config.kafkaBootstrap());
        OUT.line("  metrics            <service url>/actuator/prometheus");
        OUT.line("  logs               ./clearhouse logs <service|postgres|kafka>");
        OUT.line("");
    }

    /** How long {@code down} waits for the stack to stop. */
    private static final int STOP_WAIT_SECONDS = 300;

    private static int down(StackConfig config) throws InterruptedException {
        Optional<Long> pid = Stack.runningPid(config);
        if (pid.isEmpty()) {
            OUT.line("No Clearhouse stack is running.");
            return 0;
        }
        ProcessHandle handle = ProcessHandle.of(pid.get()).orElseThrow();
        OUT.line("Stopping the stack (pid " + pid.get() + ")...");
        handle.destroy();
        // the first stop after a build also writes each service's class-data archive (CDS, ~100 MB each),
        // which takes minutes on a busy 2-core machine: wait for it rather than have it killed half-written
        for (int i = 0; i < 2 * STOP_WAIT_SECONDS && handle.isAlive(); i++) {
            if (i == 30) {
                OUT.line("Still stopping: the first stop after a build writes the services' class-data archives...");
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        if (handle.isAlive()) {
            OUT.line("The stack did not stop within " + STOP_WAIT_SECONDS + " s; kill pid " + pid.get() + " by hand.");
            return 1;
        }
        OUT.line("Stopped.");
        return 0;
    }

    private static int status(StackConfig config) {
        Optional<Long> pid = Stack.runningPid(config);
        OUT.line(pid.map(p -> "Stack running (launcher pid " + p + "), data in " + config.dataDir())
                .orElse("No stack running (data in " + config.dataDir() + ")."));
        java.util.Properties supervision = ServiceSupervisor.readStatus(config); // state, restarts, last exit
        List<String> parts = new java.util.ArrayList<>(StackConfig.SERVICES);
        parts.add(StackConfig.CONSOLE);
        for (String s : parts) {
            OUT.line(String.format("  %-15s %-28s %-6s %s", s, config.serviceUrl(s),
                    Health.ready(config, s) ? "ready" : "down", ServiceSupervisor.describe(supervision, s)).stripTrailing());
        }
        return pid.isPresent() ? 0 : 3;
    }

    private static int reset(StackConfig config, boolean yes) throws IOException {
        if (Stack.runningPid(config).isPresent()) {
            OUT.line("The stack is running: ./clearhouse down first.");
            return 2;
        }
        if (!Files.exists(config.dataDir())) {
            OUT.line("Nothing to reset: " + config.dataDir() + " does not exist.");
            return 0;
        }
        if (!yes) {
            OUT.line("This deletes every transaction, statement and secret under " + config.dataDir() + ".");
            System.out.print("Type 'yes' to continue: ");
            System.out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (!"yes".equals(answer == null ? "" : answer.trim())) {
                OUT.line("Nothing deleted.");
                return 1;
            }
        }
        try (Stream<Path> files = Files.walk(config.dataDir())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        OUT.line("Deleted " + config.dataDir() + ".");
        return 0;
    }

    private static int demo(StackConfig config, boolean keep) throws Exception {
        Stack stack = null;
        if (Stack.runningPid(config).isEmpty()) {
            stack = startStack(config);
        } else if (!Health.ready(config, "gateway")) {
            OUT.line("A stack is running but its gateway is not ready: check ./clearhouse status.");
            return 2;
        } else {
            OUT.line("Using the running stack.");
        }
        boolean ok = new Demo(GatewayClient.forStack(config, "demo-"), OUT).run();
        if (stack != null) {
            if (keep) {
                printEndpoints(config);
                OUT.line("Stack left running (--keep). Ctrl-C stops it.");
                stack.awaitTermination(OUT);
            } else {
                OUT.line("Demo done; stopping the stack it started (./clearhouse up keeps one running).");
            }
        }
        return ok ? 0 : 1;
    }
}
