package io.clearhouse.support.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.support.outbox.OutboxWriter;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The outbox writer a service gets keeps the current trace when the application traces, and works without. */
class OutboxAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OutboxAutoConfiguration.class))
            .withUserConfiguration(Service.class)
            .withPropertyValues("clearhouse.outbox.enabled=false");

    @Test
    void theWriterStoresTheCurrentSpansTraceparentWhenTheApplicationHasATracer() {
        runner.withUserConfiguration(Tracing.class).run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            Span request = tracer.nextSpan().name("request").start();
            try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                context.getBean(OutboxWriter.class).add("topic", "key", Map.of("n", 1));
            } finally {
                request.end();
            }
            Object[] insert = context.getBean(RecordingJdbc.class).updates.get(0);
            assertThat((String) insert[insert.length - 1]).startsWith("00-" + request.context().traceId() + "-");
        });
    }

    @Test
    void withoutATracerTheWriterStoresNoTraceparent() {
        runner.run(context -> {
            context.getBean(OutboxWriter.class).add("topic", "key", Map.of("n", 1));
            Object[] insert = context.getBean(RecordingJdbc.class).updates.get(0);
            assertThat(insert[insert.length - 1]).isNull();
        });
    }

    /** Records the writer's statements instead of running them. */
    static class RecordingJdbc extends JdbcTemplate {
        final List<Object[]> updates = new ArrayList<>();

        @Override
        public void afterPropertiesSet() {
            // no database: nothing runs
        }

        @Override
        public int update(String sql, Object... args) {
            updates.add(args);
            return 1;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Service {
        @Bean
        RecordingJdbc jdbc() {
            return new RecordingJdbc();
        }

        @Bean
        ProducerFactory<String, String> producerFactory() {
            return new DefaultKafkaProducerFactory<>(Map.of());
        }

        @Bean
        JsonMapper json() {
            return JsonMapper.builder().build();
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Tracing {
        @Bean(destroyMethod = "close")
        SdkTracerProvider tracerProvider() {
            return SdkTracerProvider.builder().build();
        }

        @Bean
        OtelTracer tracer(SdkTracerProvider provider) {
            return new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> { });
        }

        @Bean
        Propagator propagator(SdkTracerProvider provider) {
            return new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
                    provider.get("test"));
        }
    }
}
