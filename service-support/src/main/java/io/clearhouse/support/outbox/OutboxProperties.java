package io.clearhouse.support.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay's settings ({@code clearhouse.outbox.*}).
 *
 * @param batchSize messages read, sent and deleted per round trip (1-10,000): bounds memory and the
 *                  size of the DELETE while keeping ingest's throughput (one commit per batch)
 * @param idleMs    how long the relay sleeps when it found less than a full batch (1-60,000)
 * @param enabled   false leaves the outbox unrelayed (a service that only writes, or a test)
 */
@ConfigurationProperties("clearhouse.outbox")
public record OutboxProperties(@DefaultValue("1000") int batchSize, @DefaultValue("100") long idleMs,
                               @DefaultValue("true") boolean enabled) {

    public static final int BATCH_MAX = 10_000;

    public OutboxProperties {
        if (batchSize < 1 || batchSize > BATCH_MAX) {
            throw new IllegalArgumentException("clearhouse.outbox.batch-size must be 1-" + BATCH_MAX);
        }
        if (idleMs < 1 || idleMs > 60_000) {
            throw new IllegalArgumentException("clearhouse.outbox.idle-ms must be 1-60000");
        }
    }
}
