package io.clearhouse.support.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceparentTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aWellFormedHeaderIsReadAndAnythingElseIsNot() {
        assertThat(Traceparent.of(headers(VALID))).isEqualTo(VALID);
        assertThat(Traceparent.of(headers(" " + VALID + "\n"))).isEqualTo(VALID);
        assertThat(Traceparent.of(headers("garbage"))).isNull();
        assertThat(Traceparent.of(headers(VALID + "-" + "a".repeat(10_000)))).isNull();
        assertThat(Traceparent.of(headers(VALID.toUpperCase()))).isNull();
        assertThat(Traceparent.of(new RecordHeaders())).isNull();
        assertThat(Traceparent.of(new RecordHeaders().add(Traceparent.HEADER, null))).isNull();
    }

    @Test
    void theTraceIdIsTheSecondField() {
        assertThat(Traceparent.traceId(VALID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(Traceparent.traceId("garbage")).isNull();
        assertThat(Traceparent.traceId(null)).isNull();
    }

    private static Headers headers(String value) {
        return new RecordHeaders().add(Traceparent.HEADER, value.getBytes(StandardCharsets.US_ASCII));
    }
}
