package io.clearhouse.ingest.exception;

import io.clearhouse.common.kafka.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every dead letter of ingest's transaction topic into an exception, once per original record:
 * the DLT is at-least-once (a record is dead-lettered again when its batch's transaction failed after
 * publishing it), so the exception's source is the record's original coordinates from the DLT headers,
 * unique in the table. The record is read as text (it may be unreadable as a transaction: that is
 * often why it is here); the provider and transaction id are taken from it when it parses.
 */
@Component
class DeadLetterListener {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterListener.class);
    /** A dead letter's text is kept up to this many characters (the gateway bounds a transaction far below). */
    static final int PAYLOAD_MAX = 64 * 1024;
    static final int REASON_MAX = 4 * 1024;

    private final ExceptionIntake intake;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;

    DeadLetterListener(ExceptionIntake intake, TransactionTemplate tx, JsonMapper json, Clock clock) {
        this.intake = intake;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    @KafkaListener(id = "ingest-dead-letters", groupId = "ingest-dead-letters", idIsGroup = false,
            topics = Topics.PROVIDER_TRANSACTIONS + Topics.DLT_SUFFIX, batch = "true",
            properties = {"value.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
                    "key.deserializer=org.apache.kafka.common.serialization.StringDeserializer"})
    void onBatch(List<ConsumerRecord<String, String>> records) {
        tx.executeWithoutResult(s -> {
            for (ConsumerRecord<String, String> r : records) {
                open(r);
            }
        });
    }

    private void open(ConsumerRecord<String, String> r) {
        String topic = header(r, KafkaHeaders.DLT_ORIGINAL_TOPIC);
        Integer partition = intHeader(r, KafkaHeaders.DLT_ORIGINAL_PARTITION);
        Long offset = longHeader(r, KafkaHeaders.DLT_ORIGINAL_OFFSET);
        String sourceRef = topic != null && partition != null && offset != null
                ? "dlt:" + topic + ":" + partition + ":" + offset
                : "dlt:" + r.topic() + ":" + r.partition() + ":" + r.offset();
        String payload = clean(r.value() == null ? "" : r.value(), PAYLOAD_MAX);
        String reason = header(r, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        String providerId = null;
        String providerTxId = null;
        try {
            Map<?, ?> m = json.readValue(payload, Map.class);
            providerId = m.get("providerId") instanceof String s ? clean(s, 256) : null;
            providerTxId = m.get("providerTxId") instanceof String s ? clean(s, 256) : null;
        } catch (RuntimeException unreadable) {
            // an unreadable record stays an exception without a provider: an operator reads its text
        }
        if (intake.openDeadLetter(sourceRef, providerId, providerTxId,
                reason == null ? "dead-lettered" : clean(reason, REASON_MAX), payload, clock.instant())) {
            log.info("Dead letter {} opened as an ingest exception (provider {})", sourceRef, providerId);
        }
    }

    /** PostgreSQL text takes no NUL; bounded. */
    private static String clean(String s, int max) {
        String t = s.replace('\u0000', '\uFFFD');
        return t.length() > max ? t.substring(0, max) : t;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Integer intHeader(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null || h.value().length != 4 ? null : ByteBuffer.wrap(h.value()).getInt();
    }

    private static Long longHeader(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null || h.value().length != 8 ? null : ByteBuffer.wrap(h.value()).getLong();
    }
}
