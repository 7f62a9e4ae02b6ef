package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.demo.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-model load generator: requests leave on a fixed schedule (constant arrival rate) whatever
 * the answers do, and each latency is measured from the request's <em>scheduled</em> time, not from
 * when it actually left, so a stalled server or a stalled generator shows as queueing instead of
 * vanishing (coordinated omission corrected). Sends are asynchronous, so a slow answer never holds
 * up the next request; a request that cannot even be sent because {@code maxInFlight} are already
 * outstanding is counted as failed (the run is then saturated and says so).
 */
final class OpenModelLoad implements AutoCloseable {

    /** What one run at one rate measured. */
    record Result(int offeredRate, int seconds, long scheduled, long accepted, long failed, long notSent,
                  double achievedRate, Histogram latency, Map<String, Long> statuses) {

        double percentileMs(double p) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(p) / 1e3;
        }

        double maxMs() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1e3;
        }
    }

    /** Told of every 202: the request and the wall-clock instant its answer arrived. */
    interface AcceptListener {
        void accepted(TrafficMix.Outgoing request, Instant answeredAt);
    }

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final HttpClient http;
    private final ExecutorService callbacks;
    private final GatewayClient gateway;
    private final List<String> baseUrls;
    private final int maxInFlight;

    OpenModelLoad(String baseUrl, SSLContext trust, GatewayClient gateway, int maxInFlight) {
        this(List.of(baseUrl), trust, gateway, maxInFlight);
    }

    /** Spreads the requests round-robin over several gateways (scale-out). */
    OpenModelLoad(List<String> baseUrls, SSLContext trust, GatewayClient gateway, int maxInFlight) {
        this.baseUrls = List.copyOf(baseUrls);
        this.gateway = gateway;
        this.maxInFlight = maxInFlight;
        this.callbacks = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "load-callbacks");
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(callbacks);
        if (trust != null) {
            builder.sslContext(trust);
        }
        this.http = builder.build();
    }

    /**
     * Sends {@code requests} at {@code ratePerSecond}, one every {@code 1/rate} s from a start 100 ms
     * ahead, then waits (bounded) for the answers still outstanding.
     */
    Result run(List<TrafficMix.Outgoing> requests, int ratePerSecond, AcceptListener listener) throws Exception {
        // tokens (and clients) exist before the clock starts: the first request of each provider must not pay for them
        for (TrafficMix.Outgoing o : requests.subList(0, Math.min(requests.size(), 200))) {
            gateway.providerWriteHeaders(o.providerId(), o.body());
        }
        ConcurrentHistogram latency = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong notSent = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        Map<String, Long> statuses = new ConcurrentHashMap<>();
        long interval = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime() + 100_000_000L;
        long lastAnswer = start;
        AtomicLong lastAnswerAt = new AtomicLong(start);
        for (int i = 0; i < requests.size(); i++) {
            long scheduled = start + i * interval;
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000L));
            }
            TrafficMix.Outgoing o = requests.get(i);
            if (inFlight.get() >= maxInFlight) {
                notSent.incrementAndGet();
                failed.incrementAndGet();
                latency.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - scheduled) / 1_000));
                continue;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrls.get(i % baseUrls.size()) + "/v1/transactions"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(o.body()));
            gateway.providerWriteHeaders(o.providerId(), o.body()).forEach(request::header);
            inFlight.incrementAndGet();
            http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                inFlight.decrementAndGet();
                latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, now - scheduled) / 1_000));
                int status = error == null ? response.statusCode() : -1;
                statuses.merge(error == null ? Integer.toString(status) : rootCause(error), 1L, Long::sum);
                if (status == 202) {
                    accepted.incrementAndGet();
                    if (listener != null) {
                        listener.accepted(o, Instant.now());
                    }
                } else {
                    failed.incrementAndGet();
                }
                lastAnswerAt.accumulateAndGet(now, Math::max);
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        long stillOut = inFlight.get();
        failed.addAndGet(stillOut);
        if (stillOut > 0) {
            statuses.merge("no answer within 60 s of the last send", stillOut, Long::sum);
        }
        lastAnswer = Math.max(lastAnswer, lastAnswerAt.get());
        double seconds = Math.max(1e-9, (lastAnswer - start) / 1e9);
        int plannedSeconds = (int) Math.max(1, requests.size() / (long) ratePerSecond);
        return new Result(ratePerSecond, plannedSeconds, requests.size(), accepted.get(), failed.get(), notSent.get(),
                accepted.get() / seconds, latency.copy(), Map.copyOf(statuses));
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    @Override
    public void close() {
        // Java 17's HttpClient has no close: its connections go with its (daemon) executor and the JVM
        callbacks.shutdownNow();
    }
}
