package io.clearhouse.launcher.chaos;

import io.clearhouse.launcher.Console;
import io.clearhouse.launcher.Stack;
import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.StackFaults;
import io.clearhouse.launcher.demo.GatewayClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chaos run against a stack this JVM started: the {@link Workload} sent by one
 * {@link ProviderSender} per provider, paced over the run, while the faults are injected one after
 * another (each waits for the stack to be whole again before the next), then the {@link Checker}.
 */
public final class ChaosRun {

    /** How long the stack may take to be whole again after a fault (a loaded 2-core machine restarts a service slowly). */
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(10);

    /**
     * @param seed                    the workload's seed
     * @param transactionsPerProvider its size
     * @param spread                  how long the workload is paced over (faults are spaced over it too)
     * @param faults                  injected in this order
     * @param judgeTimeout            how long the checker waits for ingest and settlement to catch up
     */
    public record Options(long seed, int transactionsPerProvider, Duration spread, List<Fault> faults,
                          Duration judgeTimeout) {

        /** {@code ./clearhouse chaos --minutes M}: every fault, about 25 transactions a second per provider. */
        public static Options full(long seed, int minutes, Duration postgresOutage, Duration freeze) {
            return new Options(seed, Math.max(200, minutes * 60 * 25), Duration.ofMinutes(minutes),
                    Fault.full(postgresOutage, freeze), Duration.ofMinutes(10));
        }

        /** A fault-free run of the same workload: the reference for the figures. */
        public Options withoutFaults() {
            return new Options(seed, transactionsPerProvider, spread, List.of(), judgeTimeout);
        }

        /** The short run inside {@code ./mvnw verify}. */
        public static Options brief(long seed) {
            return new Options(seed, 400, Duration.ofSeconds(60), Fault.brief(), Duration.ofMinutes(5));
        }
    }

    /** What happened to one fault: when it began, when the stack was whole again, and what was noticed. */
    record Injected(Fault fault, Instant start, Instant end, boolean recovered, String note) {
    }

    private final Stack stack;
    private final StackFaults faults;
    private final GatewayClient gateway;
    private final Console out;

    public ChaosRun(Stack stack, GatewayClient gateway, Console out) {
        this.stack = stack;
        this.faults = new StackFaults(stack);
        this.gateway = gateway;
        this.out = out;
    }

    public ChaosReport run(Options options) throws Exception {
        Workload workload = new Workload(options.seed(), options.transactionsPerProvider(),
                LocalDate.now(ZoneOffset.UTC));
        out.line(String.format("Chaos run: seed %d, %d providers, %d transactions in %d requests over %d s, %d faults",
                options.seed(), workload.providers().size(), workload.originals().size(), workload.requestCount(),
                options.spread().toSeconds(), options.faults().size()));
        // each provider's client and token first, so the run measures the faults, not the first logins
        for (String provider : workload.providers()) {
            gateway.get("/v1/transactions/none-yet?providerId=" + provider, GatewayClient.Role.PROVIDER);
        }
        Map<String, ProviderSender.Outcome> outcomes = ProviderSender.newOutcomes();
        AtomicLong retries = new AtomicLong();
        AtomicLong refusals = new AtomicLong();
        Instant t0 = Instant.now();
        ExecutorService senders = Executors.newFixedThreadPool(workload.providers().size(), r -> {
            Thread t = new Thread(r, "chaos-provider");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> running = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean faulting = new java.util.concurrent.atomic.AtomicBoolean(true);
        workload.plan().forEach((provider, requests) -> running.add(senders.submit(
                new ProviderSender(gateway, requests, t0, options.spread(), outcomes, retries, refusals,
                        workload.extension(provider), faulting::get))));
        List<Injected> injected;
        try {
            try {
                injected = inject(options, t0);
            } finally {
                faulting.set(false);
            }
            for (Future<?> f : running) {
                f.get(options.spread().toMillis() + ProviderSender.GIVE_UP_AFTER.toMillis() * 4, TimeUnit.MILLISECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
        Duration sending = Duration.between(t0, Instant.now());
        out.line(String.format("Workload sent in %d s: %d transactions in %d requests (%d retries after no answer or"
                + " 5xx, %d requests not accepted); checking...", sending.toSeconds(), workload.originals().size(),
                workload.requestCount(), retries.get(), refusals.get()));
        Checker.Verdicts verdicts = new Checker(stack, gateway, out).check(workload, outcomes, injected,
                options.judgeTimeout());
        return new ChaosReport(options, workload.originals().size(), retries.get(), refusals.get(), sending, injected,
                verdicts, faults.restarts(), faults.stackClosed());
    }

    private List<Injected> inject(Options options, Instant t0) throws InterruptedException {
        List<Injected> done = new ArrayList<>();
        int n = options.faults().size();
        for (int i = 0; i < n; i++) {
            Fault fault = options.faults().get(i);
            Instant due = t0.plus(options.spread().multipliedBy(i + 1).dividedBy(n + 1));
            long wait = Duration.between(Instant.now(), due).toMillis();
            if (wait > 0) {
                TimeUnit.MILLISECONDS.sleep(wait);
            }
            if (faults.stackClosed()) {
                out.line("The stack stopped: no further faults.");
                break;
            }
            done.add(inject(fault));
        }
        return done;
    }

    private Injected inject(Fault fault) throws InterruptedException {
        Map<String, Long> pidsBefore = faults.servicePids();
        Instant start = Instant.now();
        out.line(String.format("  [%s] fault: %s", start, fault.label()));
        String note = "";
        boolean recovered;
        try {
            switch (fault.kind()) {
                case KILL_SERVICE -> {
                    long pid = faults.killService(fault.target());
                    note = "pid " + pid + " killed";
                }
                case KAFKA_RESTART -> faults.restartKafka(false);
                case POSTGRES_STOP -> faults.stopPostgres(fault.duration());
                case POSTGRES_FREEZE -> faults.freezePostgres(fault.duration());
            }
            recovered = awaitWhole(fault);
        } catch (Exception e) {
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            note = "injection failed: " + e.getMessage();
            recovered = false;
        }
        // the others never stopped: every service not targeted kept its process
        Map<String, Long> pidsAfter = faults.servicePids();
        List<String> collateral = new ArrayList<>();
        pidsBefore.forEach((service, pid) -> {
            if (!service.equals(fault.target()) && !pid.equals(pidsAfter.get(service))) {
                collateral.add(service);
            }
        });
        if (!collateral.isEmpty()) {
            note = (note.isEmpty() ? "" : note + "; ") + "also restarted: " + String.join(", ", collateral);
        } else {
            note = (note.isEmpty() ? "" : note + "; ") + "other services kept their processes";
        }
        Instant end = Instant.now();
        out.line(String.format("  [%s] %s: %s in %d s (%s)", end, fault.label(), recovered ? "recovered" : "NOT RECOVERED",
                Duration.between(start, end).toSeconds(), note));
        return new Injected(fault, start, end, recovered, note);
    }

    /** Waits until the target (if any) was restarted and every service answers ready. */
    private boolean awaitWhole(Fault fault) throws InterruptedException {
        Instant deadline = Instant.now().plus(RECOVERY_TIMEOUT);
        if (fault.kind() == Fault.Kind.KILL_SERVICE && !faults.awaitRunning(fault.target(), RECOVERY_TIMEOUT)) {
            return false;
        }
        while (Instant.now().isBefore(deadline) && !faults.stackClosed()) {
            if (faults.allReady()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return false;
    }

    /** Services in start order, for the supervisor restart line. */
    static List<String> services() {
        return StackConfig.SERVICES;
    }

    static Map<String, Integer> ordered(Map<String, Integer> restarts) {
        Map<String, Integer> m = new LinkedHashMap<>();
        services().forEach(s -> m.put(s, restarts.getOrDefault(s, 0)));
        return m;
    }
}
