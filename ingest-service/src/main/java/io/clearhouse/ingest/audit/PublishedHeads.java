package io.clearhouse.ingest.audit;

import io.clearhouse.common.audit.AuditHead;
import io.clearhouse.common.audit.AuditSigning;
import io.clearhouse.common.kafka.Topics;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit heads as published on {@link Topics#AUDIT_HEADS}, read from the beginning of the topic
 * (not from {@code audit_heads}: whoever rewrites the database can rewrite that table too), each
 * signature verified with the public key. A record that does not verify, or a second different
 * signed head for a day, is reported against its day. Bounded: {@link #RECORDS_MAX} records and
 * {@code clearhouse.audit.heads.read-timeout} (30 s).
 */
@Component
class PublishedHeads {

    /** Far more than a century of days, and their at-least-once repeats. */
    static final int RECORDS_MAX = 200_000;

    /** What the topic holds. {@code error} non-null when it could not be read (or no key is configured). */
    record Read(List<AuditHead> heads, List<HeadCheck.Mismatch> rejected, String error) {
    }

    private final String bootstrap;
    private final JsonMapper json;
    private final AuditKeys keys;
    private final Duration timeout;

    PublishedHeads(@Value("${spring.kafka.bootstrap-servers}") String bootstrap, JsonMapper json, AuditKeys keys,
                   @Value("${clearhouse.audit.heads.read-timeout:PT30S}") Duration timeout) {
        this.bootstrap = bootstrap;
        this.json = json;
        this.keys = keys;
        this.timeout = timeout;
    }

    boolean keyConfigured() {
        return keys.publicKey().isPresent();
    }

    Read read() {
        Optional<PublicKey> key = keys.publicKey();
        if (key.isEmpty()) {
            return new Read(List.of(), List.of(),
                    "no audit head public key is configured (CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE): the chain is not anchored");
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-audit-heads-reader");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 15_000));
        Map<LocalDate, AuditHead> byDay = new TreeMap<>();
        List<HeadCheck.Mismatch> rejected = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT_HEADS, timeout).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            if (partitions.isEmpty()) {
                return new Read(List.of(), List.of(), "topic " + Topics.AUDIT_HEADS + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Instant deadline = Instant.now().plus(timeout);
            int records = 0;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (Instant.now().isAfter(deadline)) {
                    return new Read(List.of(), List.of(), "published audit heads not read to the end within " + timeout);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (++records > RECORDS_MAX) {
                        return new Read(List.of(), List.of(), "more than " + RECORDS_MAX + " records on "
                                + Topics.AUDIT_HEADS);
                    }
                    accept(r, key.get(), byDay, rejected);
                }
            }
        } catch (KafkaException e) {
            return new Read(List.of(), List.of(), "published audit heads could not be read: " + e.getMessage());
        }
        return new Read(List.copyOf(byDay.values()), List.copyOf(rejected), null);
    }

    private void accept(ConsumerRecord<String, String> r, PublicKey key, Map<LocalDate, AuditHead> byDay,
                        List<HeadCheck.Mismatch> rejected) {
        AuditHead head;
        try {
            head = json.readValue(r.value(), AuditHead.class);
        } catch (RuntimeException e) {
            rejected.add(new HeadCheck.Mismatch(null, "an unreadable record at offset " + r.offset() + " of "
                    + Topics.AUDIT_HEADS));
            return;
        }
        if (!AuditSigning.verify(head, key)) {
            rejected.add(new HeadCheck.Mismatch(head.day(), "a head on " + Topics.AUDIT_HEADS + " (offset "
                    + r.offset() + ") is not signed by the audit key"));
            return;
        }
        AuditHead before = byDay.putIfAbsent(head.day(), head);
        if (before != null && !before.equals(head)) {
            rejected.add(new HeadCheck.Mismatch(head.day(), "two different signed heads for this day"));
        }
    }
}
