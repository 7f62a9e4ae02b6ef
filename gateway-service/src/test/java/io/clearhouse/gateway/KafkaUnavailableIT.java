package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.gateway.auth.IssuedCredentials;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With no broker reachable, a valid signed batch is answered 503 with Retry-After instead of 202.
 * The one IT with its own Spring context: the shared broker cannot be stopped under the others.
 */
class KafkaUnavailableIT extends GatewayITBase {

    @DynamicPropertySource
    static void noBroker(DynamicPropertyRegistry r) {
        // the producer-specific setting wins over the shared one the base class registers
        r.add("spring.kafka.producer.bootstrap-servers", () -> "127.0.0.1:9");
    }

    @Test
    void validBatchIsRefusedWith503AndRetryAfterWhenKafkaIsDown() throws Exception {
        IssuedCredentials p = provider("acme");
        HttpResponse<String> r = send(signedPost("/v1/transactions/batch", token(p), p.signingSecret(),
                batchBody(2)));
        assertRefused(r, 503, "temporarily-unavailable");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
    }
}
