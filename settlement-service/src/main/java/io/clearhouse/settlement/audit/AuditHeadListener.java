package io.clearhouse.settlement.audit;

import io.clearhouse.common.audit.AuditHead;
import io.clearhouse.common.audit.AuditSigning;
import io.clearhouse.common.kafka.PoisonRecordException;
import io.clearhouse.common.kafka.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps ingest's signed daily audit heads ({@link Topics#AUDIT_HEADS}) for the statements. A head whose
 * signature does not verify with {@code CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE} is poison (to the DLT, never
 * carried into a statement); without a configured key heads are kept as they come (the statement carries
 * the signature, so anyone can check it). Idempotent: one row per day.
 */
@Component
class AuditHeadListener {

    private final AuditHeadStore store;
    private final PublicKey key;

    AuditHeadListener(AuditHeadStore store, @Value("${clearhouse.audit.public-key-file:}") String publicKeyFile) {
        this.store = store;
        try {
            this.key = publicKeyFile.isBlank() ? null : AuditSigning.readPublic(Path.of(publicKeyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit head public key: " + e.getMessage(), e);
        }
    }

    @KafkaListener(id = "settlement-audit-heads", groupId = "settlement-audit-heads", topics = Topics.AUDIT_HEADS,
            batch = "false", properties = "spring.json.value.default.type=io.clearhouse.common.audit.AuditHead")
    void onHead(ConsumerRecord<String, AuditHead> record) {
        AuditHead head = record.value();
        if (head == null) {
            throw new PoisonRecordException("an empty audit head");
        }
        if (key != null && !AuditSigning.verify(head, key)) {
            throw new PoisonRecordException("the audit head of " + head.day() + " is not signed by the audit key");
        }
        store.add(head);
    }
}
