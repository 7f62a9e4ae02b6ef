package io.clearhouse.launcher.chaos;

import io.clearhouse.launcher.demo.GatewayClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One provider sending its share of the workload, paced over the run, as a careful provider does:
 * a request that gets no answer (the gateway is down, the connection drops, a timeout) or a 5xx is
 * sent again, unchanged, after a growing pause (0.25 s doubling to 5 s) until it gets an answer or
 * {@link #GIVE_UP_AFTER} passes. The provider's transaction ids are its idempotency keys, so every
 * retry of a request that had in fact been made durable is a duplicate the system must absorb.
 */
final class ProviderSender implements Runnable {

    /** A request not answered within this time is abandoned and its transactions reported as unconfirmed. */
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
    private static final long BACKOFF_MIN_MS = 250;
    private static final long BACKOFF_MAX_MS = 5_000;

    /** What happened to a transaction first sent at {@code firstSentAt}. */
    record Outcome(Instant firstSentAt, boolean accepted, int status) {
    }

    private final GatewayClient gateway;
    private final List<Workload.Request> requests;
    private final Instant start;
    private final Duration pace;
    private final Map<String, Outcome> outcomes;
    private final AtomicLong retries;
    private final AtomicLong refusals;
    private final Workload.Extension extension;
    private final java.util.function.BooleanSupplier keepGoing;

    /**
     * @param outcomes shared: per {@link Workload#key} of a transaction, the fate of its first request
     *                 that was not a resend or a conflict
     */
    ProviderSender(GatewayClient gateway, List<Workload.Request> requests, Instant start, Duration spread,
                   Map<String, Outcome> outcomes, AtomicLong retries, AtomicLong refusals,
                   Workload.Extension extension, java.util.function.BooleanSupplier keepGoing) {
        this.gateway = gateway;
        this.requests = requests;
        this.start = start;
        this.pace = requests.isEmpty() ? Duration.ZERO : spread.dividedBy(requests.size());
        this.outcomes = outcomes;
        this.retries = retries;
        this.refusals = refusals;
        this.extension = extension;
        this.keepGoing = keepGoing;
    }

    static Map<String, Outcome> newOutcomes() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public void run() {
        try {
            for (int i = 0; i < requests.size(); i++) {
                Instant due = start.plus(pace.multipliedBy(i));
                long wait = Duration.between(Instant.now(), due).toMillis();
                if (wait > 0) {
                    TimeUnit.MILLISECONDS.sleep(wait);
                }
                send(requests.get(i));
            }
            // the faults outlast the plan: go on at the same pace until the last one has recovered
            while (keepGoing.getAsBoolean()) {
                TimeUnit.MILLISECONDS.sleep(Math.max(50, pace.toMillis()));
                send(extension.next());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Workload.Request request) throws InterruptedException {
        Instant first = Instant.now();
        Instant deadline = first.plus(GIVE_UP_AFTER);
        long backoff = BACKOFF_MIN_MS;
        int status = 0;
        while (true) {
            try {
                GatewayClient.Answer answer = request.kind() == Workload.Kind.SINGLE
                        ? gateway.postSingle(request.provider(), request.transactions().get(0))
                        : gateway.postBatch(request.provider(), request.transactions());
                status = answer.status();
                if (status / 100 == 2 || (status / 100 == 4 && status != 429 && status != 408)) {
                    break;
                }
            } catch (IOException e) {
                status = 0; // no answer: connection refused or reset, or timed out
            }
            if (Instant.now().isAfter(deadline)) {
                break;
            }
            retries.incrementAndGet();
            TimeUnit.MILLISECONDS.sleep(backoff);
            backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
        }
        boolean accepted = status == 202;
        if (!accepted) {
            refusals.incrementAndGet();
        }
        if (request.kind() == Workload.Kind.CONFLICT) {
            return;
        }
        for (Map<String, Object> tx : request.transactions()) {
            Outcome o = new Outcome(first, accepted, status);
            // a resend's acceptance counts when the first send was not accepted; the first send time stays
            outcomes.merge(Workload.key(request.provider(), tx), o,
                    (old, now) -> old.accepted() ? old : new Outcome(old.firstSentAt(), now.accepted(), now.status()));
        }
    }
}
