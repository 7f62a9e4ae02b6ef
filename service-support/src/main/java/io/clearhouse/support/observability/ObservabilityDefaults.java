package io.clearhouse.support.observability;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The logging and tracing settings every service shares, as defaults below the service's own
 * {@code application.yml} and the environment (either overrides them):
 * <ul>
 *   <li>{@code CLEARHOUSE_LOG_FORMAT}: {@code ecs} (or {@code logstash}, {@code gelf}) writes one JSON
 *   object a line through Spring Boot's structured logging; empty, the default, readable text. Both
 *   carry the trace context (Micrometer tracing puts {@code traceId} and {@code spanId} in the MDC) and
 *   the caller's {@code requestId} ({@code CallerFilter}).</li>
 *   <li>No Prometheus exemplars: no trace is exported anywhere yet, so they would link to nothing, and on a
 *   histogram's {@code _count} they make a Prometheus older than 2.43 (Debian 12 ships 2.42) drop the whole
 *   scrape ("metric name ... does not support exemplars"): every target looked down.</li>
 *   <li>Kafka producers and record listeners observed, so records carry the W3C {@code traceparent} of
 *   the work that sent them; batch listeners name the traces of their batch in the MDC
 *   ({@code TraceparentBatchInterceptor}).</li>
 * </ul>
 */
public class ObservabilityDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "clearhouseObservabilityDefaults";
    /** Turns trace ids into Prometheus exemplars. */
    public static final String PROMETHEUS_EXEMPLARS =
            "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
                "logging.structured.format.console", "${CLEARHOUSE_LOG_FORMAT:}",
                "spring.kafka.template.observation-enabled", "true",
                "spring.kafka.listener.observation-enabled", "true",
                "spring.autoconfigure.exclude", PROMETHEUS_EXEMPLARS)));
    }
}
