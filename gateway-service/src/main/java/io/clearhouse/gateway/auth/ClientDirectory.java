package io.clearhouse.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Clients by id for the request path, cached briefly so that a busy provider does not cost a
 * database query per request. A change made through this instance shows at once; one made through
 * another gateway instance shows within the cache time (a disabled client's tokens stop working
 * within it).
 */
@Component
public class ClientDirectory {

    /** Bounds the cache: beyond it, entries are dropped and reloaded on demand. */
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<ApiClient> client, Instant loadedAt) {
    }

    private final ClientRepository repository;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();

    ClientDirectory(ClientRepository repository, Clock clock,
                    @Value("${clearhouse.gateway.clients.cache-ttl:5s}") Duration ttl) {
        this.repository = repository;
        this.clock = clock;
        this.ttl = ttl;
    }

    public Mono<Optional<ApiClient>> find(String clientId) {
        Instant now = clock.instant();
        Entry e = cache.get(clientId);
        if (e != null && e.loadedAt().plus(ttl).isAfter(now)) {
            return Mono.just(e.client());
        }
        return Mono.fromCallable(() -> {
            Optional<ApiClient> client = repository.find(clientId);
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(clientId, new Entry(client, now));
            return client;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    void invalidate(String clientId) {
        cache.remove(clientId);
    }
}
