package io.clearhouse.support.observability;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.MDC;
import org.springframework.kafka.listener.BatchInterceptor;

/**
 * spring-kafka observes record listeners only; the services consume in batches. So that a batch's log
 * lines still name the traces that produced it (a gateway request's trace id, from the W3C
 * {@code traceparent} header of its records), this puts the distinct trace ids of the batch in the
 * MDC as {@code traceIds} (comma-separated, at most {@link #TRACE_IDS_MAX}: one batch holds up to a
 * poll's worth of records) for as long as the listener runs, and removes them after.
 */
public class TraceparentBatchInterceptor implements BatchInterceptor<Object, Object> {

    /** MDC key of the batch's trace ids. */
    public static final String MDC_KEY = "traceIds";
    /** A line stays readable: the first few distinct traces of a batch are enough to find the rest. */
    static final int TRACE_IDS_MAX = 10;

    @Override
    public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
                                                     Consumer<Object, Object> consumer) {
        Set<String> ids = new LinkedHashSet<>();
        for (ConsumerRecord<Object, Object> record : records) {
            String traceId = Traceparent.traceId(Traceparent.of(record.headers()));
            if (traceId != null) {
                ids.add(traceId);
            }
            if (ids.size() >= TRACE_IDS_MAX) {
                break;
            }
        }
        if (ids.isEmpty()) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, String.join(",", ids));
        }
        return records;
    }

    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        MDC.remove(MDC_KEY);
    }

    @Override
    public void failure(ConsumerRecords<Object, Object> records, Exception exception, Consumer<Object, Object> consumer) {
        MDC.remove(MDC_KEY);
    }
}
