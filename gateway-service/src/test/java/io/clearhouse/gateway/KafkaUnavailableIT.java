package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.gateway.auth.IssuedCredentials;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
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

    /**
     * The refusal is logged after the failed send, on another thread than the one the request
     * arrived on: its line still names the request it answered, whatever baggage the caller sent.
     */
    @Test
    void theRefusalIsLoggedWithTheRequestIdTheCallerWasAnswered() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("io.clearhouse.gateway.web.ProblemHandler");
        MdcCapture lines = new MdcCapture();
        lines.start();
        logger.addAppender(lines);
        try {
            IssuedCredentials p = provider("acme");
            HttpResponse<String> r = send(signedPost("/v1/transactions/batch", token(p), p.signingSecret(),
                    batchBody(1)).header("baggage", "requestId=chosen-by-the-caller"));
            assertRefused(r, 503, "temporarily-unavailable");
            String requestId = r.headers().firstValue(CallerHeaders.REQUEST_ID).orElseThrow();
            assertThat(lines.events).filteredOn(e -> e.message().startsWith("Refusing with 503"))
                    .extracting(e -> e.mdc().get("requestId")).containsExactly(requestId);
        } finally {
            logger.detachAppender(lines);
        }
    }

    /** A line's message and MDC as they were on the thread that logged it. */
    record Line(String message, Map<String, String> mdc) {
    }

    static final class MdcCapture extends AppenderBase<ILoggingEvent> {
        final ConcurrentLinkedQueue<Line> events = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent event) {
            events.add(new Line(event.getFormattedMessage(), Map.copyOf(event.getMDCPropertyMap())));
        }
    }
}
