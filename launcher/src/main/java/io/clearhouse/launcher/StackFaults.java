package io.clearhouse.launcher;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The faults {@code ./clearhouse chaos} injects into a stack this JVM runs: SIGKILL of a service (its
 * supervisor brings it back), a Kafka broker restart, PostgreSQL stopped for a while, PostgreSQL frozen
 * (SIGSTOP of the server and every backend, then SIGCONT: a database that answers nothing for a few
 * seconds, as a stalled disk or a long lock does).
 */
public final class StackFaults {

    private final Stack stack;

    public StackFaults(Stack stack) {
        this.stack = stack;
    }

    /** SIGKILL of the service's current process; returns its pid. */
    public long killService(String service) {
        ChildProcess p = stack.supervisor().process(service);
        long pid = p.pid();
        p.kill();
        return pid;
    }

    /** Waits (bounded) until the supervisor has the service running and ready again. */
    public boolean awaitRunning(String service, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && !stack.isClosed()) {
            boolean running = stack.supervisor().snapshot().stream()
                    .anyMatch(s -> s.name().equals(service) && s.state() == ServiceSupervisor.State.RUNNING
                            && s.pid() != null);
            if (running && Health.ready(stack.config(), service)) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return false;
    }

    /** Every service's current pid (absent while it is down). */
    public Map<String, Long> servicePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (ServiceSupervisor.Snapshot s : stack.supervisor().snapshot()) {
            if (s.pid() != null) {
                pids.put(s.name(), s.pid());
            }
        }
        return pids;
    }

    /** How often the supervisor restarted each service. */
    public Map<String, Integer> restarts() {
        Map<String, Integer> restarts = new LinkedHashMap<>();
        stack.supervisor().snapshot().forEach(s -> restarts.put(s.name(), s.restarts()));
        return restarts;
    }

    /** Whether every service is up and ready. */
    public boolean allReady() {
        return StackConfig.SERVICES.stream().allMatch(s -> Health.ready(stack.config(), s));
    }

    public boolean stackClosed() {
        return stack.isClosed();
    }

    /** Restarts the broker (SIGKILL when {@code crash}, else a clean stop); returns once it answers again. */
    public void restartKafka(boolean crash) throws IOException, InterruptedException {
        stack.kafka().restart(crash);
    }

    /** Stops PostgreSQL for {@code outage}, then starts it again. */
    public void stopPostgres(Duration outage) throws IOException, InterruptedException {
        stack.postgres().stop();
        try {
            TimeUnit.MILLISECONDS.sleep(outage.toMillis());
        } finally {
            stack.postgres().startAgain();
        }
    }

    /** Freezes the PostgreSQL server and all its backends for {@code pause} (SIGSTOP, then SIGCONT). */
    public void freezePostgres(Duration pause) throws IOException, InterruptedException {
        long postmaster = stack.postgres().postmasterPid();
        List<String> pids = new ArrayList<>();
        pids.add(Long.toString(postmaster));
        ProcessHandle.of(postmaster).ifPresent(h -> h.descendants().forEach(d -> pids.add(Long.toString(d.pid()))));
        signal("-STOP", pids);
        try {
            TimeUnit.MILLISECONDS.sleep(pause.toMillis());
        } finally {
            // the backends started meanwhile were never stopped; continue every one that was
            signal("-CONT", pids);
        }
    }

    private static void signal(String signal, List<String> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("kill " + signal + " did not finish");
        }
        // a backend that ended meanwhile makes kill exit 1: the signal reached every one still there
    }
}
