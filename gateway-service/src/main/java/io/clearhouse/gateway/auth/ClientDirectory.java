package io.clearhouse.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.clearhouse.gateway.config.JdbcScheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Clients by id for the request path, cached so that a busy provider does not cost a database
 * query per request, and so that the cache's expiry does not either: concurrent requests for a
 * client that is not cached share one load, and an entry older than {@code refresh} is refreshed
 * in the background by the first request that sees it, the others (and that one) being served the
 * entry meanwhile. An entry not refreshed within {@code max-age} (a client idle for that long) is
 * dropped and loaded again on its next request, so no answer is older than {@code max-age}.
 * A change made through this instance shows at once ({@link #invalidate}); one made through
 * another instance shows within {@code refresh} plus one request for a busy client, and within
 * {@code max-age} at the worst.
 */
@Component
public class ClientDirectory {

    /** Bounds the cache: beyond it, the least used entries are dropped and reloaded on demand. */
    static final int MAX_ENTRIES = 10_000;

    private final AsyncLoadingCache<String, Optional<ApiClient>> cache;

    @Autowired
    ClientDirectory(ClientRepository repository, JdbcScheduler jdbc,
                    @Value("${clearhouse.gateway.clients.cache-ttl:5s}") Duration refresh,
                    @Value("${clearhouse.gateway.clients.cache-max-age:30s}") Duration maxAge) {
        this(repository, jdbc.executor(), refresh, maxAge, Ticker.systemTicker());
    }

    ClientDirectory(ClientRepository repository, Executor executor, Duration refresh, Duration maxAge,
                    Ticker ticker) {
        if (maxAge.compareTo(refresh) <= 0) {
            throw new IllegalArgumentException("clearhouse.gateway.clients.cache-max-age (" + maxAge
                    + ") must be longer than cache-ttl (" + refresh + ")");
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .refreshAfterWrite(refresh)
                .expireAfterWrite(maxAge)
                .executor(executor)
                .ticker(ticker)
                .buildAsync((clientId, on) -> CompletableFuture.supplyAsync(() -> repository.find(clientId), on));
    }

    public Mono<Optional<ApiClient>> find(String clientId) {
        // suppressCancel: a cancelled request must not cancel the load other requests share
        return Mono.fromFuture(() -> cache.get(clientId), true);
    }

    /**
     * Drops the entry (and any load or refresh in flight for it, whose result is then discarded), so
     * that the next request reads the table. Call it after the change has committed: a load that ran
     * before the commit could otherwise cache the old state again.
     */
    void invalidate(String clientId) {
        cache.synchronous().invalidate(clientId);
    }
}
