package io.clearhouse.gateway.protect;

import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;

/**
 * What signed uploads may hold of the spool before their signature can be checked: a client has at
 * most {@code perClient} uploads in flight, and all uploads together at most {@code totalBytes} on
 * disk. Each upload reserves its declared length (the upload limit when it is sent chunked) before a
 * byte is read, so a caller holding a token but not the signing secret can fill neither the disk nor
 * the gateway's connections; a refused reservation reads nothing.
 */
final class SpoolQuota {

    /** One upload's share, given back exactly once when its exchange ends. */
    final class Reservation {
        private final String clientId;
        private final long bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Reservation(String clientId, long bytes) {
            this.clientId = clientId;
            this.bytes = bytes;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                reserved.addAndGet(-bytes);
                inFlight.computeIfPresent(clientId, (c, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    private final long totalBytes;
    private final int perClient;
    private final AtomicLong reserved = new AtomicLong();
    private final ConcurrentMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    SpoolQuota(long totalBytes, int perClient) {
        if (totalBytes <= 0 || perClient <= 0) {
            throw new IllegalArgumentException("upload spool limits must be positive");
        }
        this.totalBytes = totalBytes;
        this.perClient = perClient;
    }

    /** Reserves {@code bytes} of spool for one more upload of {@code clientId}, or refuses. */
    Reservation reserve(String clientId, long bytes) {
        boolean[] admitted = new boolean[1];
        inFlight.compute(clientId, (c, n) -> {
            int now = n == null ? 0 : n;
            admitted[0] = now < perClient;
            return admitted[0] ? now + 1 : (n == null ? null : n);
        });
        if (!admitted[0]) {
            throw new Refusal(HttpStatus.TOO_MANY_REQUESTS, Problems.RATE_LIMITED, "Too many uploads",
                    "at most " + perClient + " uploads of this client at once; retry when one has finished",
                    Map.of("Retry-After", "5"));
        }
        long after = reserved.addAndGet(bytes);
        if (after > totalBytes) {
            reserved.addAndGet(-bytes);
            inFlight.computeIfPresent(clientId, (c, n) -> n <= 1 ? null : n - 1);
            throw new Refusal(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE, "Upload spool full",
                    "the gateway is receiving too many uploads; retry shortly", Map.of("Retry-After", "30"));
        }
        return new Reservation(clientId, bytes);
    }

    long reservedBytes() {
        return reserved.get();
    }
}
