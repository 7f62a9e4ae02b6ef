package io.clearhouse.support.observability;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C {@code traceparent} header of a Kafka record ({@code version-traceId-parentId-flags}), read
 * only when well formed: a consumer that passes it on (into an outbox row, a log line) never carries
 * whatever else a producer put there.
 */
public final class Traceparent {

    /** The header's name, on records and in the outbox. */
    public static final String HEADER = "traceparent";
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private Traceparent() {
    }

    /** The record's last {@code traceparent} header when well formed, else null. */
    public static String of(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.US_ASCII).trim();
        return FORMAT.matcher(value).matches() ? value : null;
    }

    /** The trace id of a well-formed {@code traceparent}, else null. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        Matcher m = FORMAT.matcher(traceparent);
        return m.matches() ? m.group(1) : null;
    }
}
