package io.clearhouse.gateway.auth;

import io.clearhouse.gateway.web.ServiceUnavailableException;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Compares client secrets with their bcrypt hashes on threads of its own. A bcrypt comparison costs
 * tens of milliseconds of CPU by design; on the shared {@code boundedElastic} pool a wave of token
 * requests took the threads Kafka publishing needs, so transactions waited for logins. Here at most
 * {@code threads} comparisons run at once and at most {@code queue} wait; beyond that the token
 * endpoint answers 503 with {@code Retry-After} instead of queueing without bound.
 */
@Component
class SecretVerifier implements DisposableBean {

    /**
     * Compared against when the client id is unknown, so that an unknown id costs as much time as a
     * wrong secret and does not reveal which ids exist.
     */
    private static final String DUMMY_HASH = new BCryptPasswordEncoder(10).encode("no-such-client");

    private final BCryptPasswordEncoder encoder;
    private final Scheduler scheduler;

    SecretVerifier(BCryptPasswordEncoder encoder,
                   @Value("${clearhouse.gateway.auth.bcrypt-threads:2}") int threads,
                   @Value("${clearhouse.gateway.auth.bcrypt-queue:64}") int queue) {
        this.encoder = encoder;
        this.scheduler = Schedulers.newBoundedElastic(threads, queue, "gateway-bcrypt", 60, true);
    }

    /** Whether {@code secret} matches {@code hash}; a null hash (unknown client) never matches, at the same cost. */
    Mono<Boolean> matches(String secret, String hash) {
        return Mono.fromCallable(() -> encoder.matches(secret, hash == null ? DUMMY_HASH : hash) && hash != null)
                .subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, e -> new ServiceUnavailableException(
                        "too many token requests at once; retry shortly", 1, e));
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
