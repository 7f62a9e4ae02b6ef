package io.clearhouse.support.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class TraceparentBatchInterceptorTest {

    private final TraceparentBatchInterceptor interceptor = new TraceparentBatchInterceptor();

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void aBatchNamesTheDistinctTracesOfItsRecordsWhileTheListenerRunsAndForgetsThemAfter() {
        String a = "4bf92f3577b34da6a3ce929d0e0e4736";
        String b = "0af7651916cd43dd8448eb211c80319c";
        ConsumerRecords<Object, Object> batch = batch(traceparent(a), traceparent(b), traceparent(a), null,
                "garbage".getBytes(StandardCharsets.US_ASCII));

        interceptor.intercept(batch, null);
        assertThat(MDC.get(TraceparentBatchInterceptor.MDC_KEY)).isEqualTo(a + "," + b);

        interceptor.success(batch, null);
        assertThat(MDC.get(TraceparentBatchInterceptor.MDC_KEY)).isNull();

        interceptor.intercept(batch, null);
        interceptor.failure(batch, new IllegalStateException("boom"), null);
        assertThat(MDC.get(TraceparentBatchInterceptor.MDC_KEY)).isNull();
    }

    @Test
    void aBatchOfManyTracesNamesABoundedNumber() {
        List<byte[]> headers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            headers.add(traceparent(String.format("%032x", i + 1)));
        }
        interceptor.intercept(batch(headers.toArray(byte[][]::new)), null);
        assertThat(MDC.get(TraceparentBatchInterceptor.MDC_KEY).split(","))
                .hasSize(TraceparentBatchInterceptor.TRACE_IDS_MAX);
    }

    @Test
    void aBatchWithoutTraceContextLeavesNoStaleTraceIdsBehind() {
        MDC.put(TraceparentBatchInterceptor.MDC_KEY, "stale");
        interceptor.intercept(batch((byte[]) null), null);
        assertThat(MDC.get(TraceparentBatchInterceptor.MDC_KEY)).isNull();
    }

    @Test
    void logsAreTextUnlessClearhouseLogFormatNamesAStructuredFormat() {
        MockEnvironment text = new MockEnvironment();
        new ObservabilityDefaults().postProcessEnvironment(text, new SpringApplication());
        assertThat(text.getProperty("logging.structured.format.console")).isEmpty();
        assertThat(text.getProperty("spring.kafka.template.observation-enabled")).isEqualTo("true");

        MockEnvironment json = new MockEnvironment().withProperty("CLEARHOUSE_LOG_FORMAT", "ecs");
        new ObservabilityDefaults().postProcessEnvironment(json, new SpringApplication());
        assertThat(json.getProperty("logging.structured.format.console")).isEqualTo("ecs");

        MockEnvironment own = new MockEnvironment().withProperty("logging.structured.format.console", "logstash");
        new ObservabilityDefaults().postProcessEnvironment(own, new SpringApplication());
        assertThat(own.getProperty("logging.structured.format.console")).isEqualTo("logstash");
    }

    private static byte[] traceparent(String traceId) {
        return ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.US_ASCII);
    }

    private static ConsumerRecords<Object, Object> batch(byte[]... traceparents) {
        TopicPartition tp = new TopicPartition("t", 0);
        List<ConsumerRecord<Object, Object>> records = new ArrayList<>();
        for (int i = 0; i < traceparents.length; i++) {
            RecordHeaders headers = new RecordHeaders();
            if (traceparents[i] != null) {
                headers.add("traceparent", traceparents[i]);
            }
            records.add(new ConsumerRecord<>("t", 0, i, 0L, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                    0, 0, "k", "v", headers, java.util.Optional.empty()));
        }
        return new ConsumerRecords<>(Map.of(tp, records), Map.of());
    }
}
