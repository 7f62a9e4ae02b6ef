package io.clearhouse.launcher.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One fault the chaos run injects while the workload runs.
 *
 * @param kind     what is done
 * @param target   the service for {@link Kind#KILL_SERVICE}, else empty
 * @param duration how long PostgreSQL stays stopped or frozen
 */
record Fault(Kind kind, String target, Duration duration) {

    enum Kind {
        /** SIGKILL of a service's process: the supervisor restarts it, the others keep serving. */
        KILL_SERVICE,
        /** The Kafka broker stopped and started again. */
        KAFKA_RESTART,
        /** PostgreSQL stopped (pg_ctl stop -m fast) for a while, then started again. */
        POSTGRES_STOP,
        /** PostgreSQL and every backend frozen with SIGSTOP for a few seconds (a slow database), then SIGCONT. */
        POSTGRES_FREEZE
    }

    static Fault kill(String service) {
        return new Fault(Kind.KILL_SERVICE, service, Duration.ZERO);
    }

    /** The name in the table: {@code kill -9 ingest}, {@code PostgreSQL stopped 90 s}. */
    String label() {
        return switch (kind) {
            case KILL_SERVICE -> "kill -9 " + target;
            case KAFKA_RESTART -> "Kafka broker restart";
            case POSTGRES_STOP -> "PostgreSQL stopped " + duration.toSeconds() + " s";
            case POSTGRES_FREEZE -> "PostgreSQL frozen " + duration.toSeconds() + " s (SIGSTOP)";
        };
    }

    /** Every service killed in turn, a broker restart, PostgreSQL stopped for {@code outage}, two freezes. */
    static List<Fault> full(Duration outage, Duration freeze) {
        List<Fault> faults = new ArrayList<>();
        faults.add(kill("ingest"));
        faults.add(new Fault(Kind.POSTGRES_FREEZE, "", freeze));
        faults.add(kill("settlement"));
        faults.add(kill("gateway"));
        faults.add(new Fault(Kind.KAFKA_RESTART, "", Duration.ZERO));
        faults.add(kill("reconciliation"));
        faults.add(new Fault(Kind.POSTGRES_STOP, "", outage));
        faults.add(kill("reporting"));
        faults.add(new Fault(Kind.POSTGRES_FREEZE, "", freeze));
        return faults;
    }

    /** The short run inside {@code ./mvnw verify}: the consumers killed, a broker restart, a brief outage and freeze. */
    static List<Fault> brief() {
        return List.of(kill("ingest"), new Fault(Kind.KAFKA_RESTART, "", Duration.ZERO), kill("settlement"),
                new Fault(Kind.POSTGRES_STOP, "", Duration.ofSeconds(10)),
                new Fault(Kind.POSTGRES_FREEZE, "", Duration.ofSeconds(3)));
    }
}
