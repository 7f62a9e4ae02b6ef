package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.demo.GatewayClient;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * An open-model load generator: requests leave on a fixed schedule (constant arrival rate) whatever
 * the answers do, and each latency is measured from the request's <em>scheduled</em> time, not from
 * when it actually left, so a stalled server or a stalled generator shows as queueing instead of
 * vanishing (coordinated omission corrected). Sends are handed to a pool of sender threads, so a slow
 * answer never holds up the next request; a request that cannot even be sent because {@code maxInFlight}
 * are already outstanding is counted as failed (the run is then saturated and says so).
 *
 * <p>The generator shares the cores with the stack, so it is kept lean: Apache HttpClient's classic
 * client over at most {@value #SENDERS_MAX} pooled keep-alive connections, one blocking sender thread each.
 * The JDK's asynchronous HttpClient spent 0.4-0.6 ms of CPU per request here (2026-12-04, the bench's
 * {@code load generator} part), as much as the gateway it was measuring, and opened a new connection for
 * every request beyond those idle, until the ports ran out.
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

        /** The stack kept up with the offered rate: 95 % of it answered 202, at most 1 % failed. */
        boolean keptUp() {
            return achievedRate >= 0.95 * offeredRate && failed <= scheduled / 100;
        }
    }

    /** Told of every 202: the request and the wall-clock instant its answer arrived. */
    interface AcceptListener {
        void accepted(TrafficMix.Outgoing request, Instant answeredAt);
    }

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);
    /** Connections and sender threads: concurrency enough for seconds of backlog at the rates measured. */
    static final int SENDERS_MAX = 256;
    private static final ContentType JSON = ContentType.create("application/json");

    private final CloseableHttpClient http;
    private final ThreadPoolExecutor senders;
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
        int threads = Math.min(SENDERS_MAX, Math.max(1, maxInFlight));
        this.senders = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                // bounded by the caller: no more than maxInFlight are ever handed over
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "load-sender");
                    t.setDaemon(true);
                    return t;
                });
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(threads).setMaxConnPerRoute(threads)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(Timeout.ofSeconds(30)).build());
        if (trust != null) {
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(trust));
        }
        this.http = HttpClients.custom().setConnectionManager(connections.build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(Timeout.ofSeconds(30))
                        .setResponseTimeout(Timeout.ofSeconds(30)).build())
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                .disableContentCompression().build();
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
            URI uri = URI.create(baseUrls.get(i % baseUrls.size()) + "/v1/transactions");
            // signed here, on the one scheduling thread (the client's token cache is synchronized)
            Map<String, String> headers = gateway.providerWriteHeaders(o.providerId(), o.body());
            inFlight.incrementAndGet();
            senders.execute(() -> {
                int status = -1;
                String error = null;
                try {
                    HttpPost post = new HttpPost(uri);
                    post.setEntity(new ByteArrayEntity(o.body(), JSON));
                    headers.forEach(post::setHeader);
                    status = http.execute(post, response -> {
                        EntityUtils.consume(response.getEntity());
                        return response.getCode();
                    });
                } catch (Exception e) {
                    error = rootCause(e);
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                }
                long now = System.nanoTime();
                inFlight.decrementAndGet();
                latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, now - scheduled) / 1_000));
                statuses.merge(error == null ? Integer.toString(status) : error, 1L, Long::sum);
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
        senders.shutdownNow();
        http.close(CloseMode.IMMEDIATE);
    }
}
