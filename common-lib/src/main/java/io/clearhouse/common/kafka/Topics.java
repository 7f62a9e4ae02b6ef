package io.clearhouse.common.kafka;

import java.util.List;

/** Topic names and their partition counts: the contract between producers and consumers. */
public final class Topics {

    public static final String PROVIDER_TRANSACTIONS = "provider.transactions.v1";
    public static final String LEDGER_TRANSACTIONS = "ledger.transactions.v1";
    public static final String SETTLEMENT_STATEMENTS = "settlement.statements.v1";
    public static final String RECON_BREAKS = "recon.breaks.v1";
    /** Per-transaction history events from every service, kept by ingest for the history API. */
    public static final String TRANSACTION_HISTORY = "transaction.history.v1";
    /**
     * Ingest's signed daily audit heads ({@code AuditHead}, key: the day): kept for ever (no time or size
     * retention), one partition so they stay in day order; settlement carries them into its statements.
     */
    public static final String AUDIT_HEADS = "audit.heads.v1";
    public static final String DLT_SUFFIX = ".DLT";

    /** Partitions are the unit of scale-out for the transaction topics. */
    public static final int TRANSACTION_PARTITIONS = 12;
    public static final int OTHER_PARTITIONS = 3;

    /** A topic, how many partitions it is created with, and its topic configuration (if any). */
    public record TopicSpec(String name, int partitions, java.util.Map<String, String> config) {
        public TopicSpec(String name, int partitions) {
            this(name, partitions, java.util.Map.of());
        }

        public TopicSpec {
            config = java.util.Map.copyOf(config);
        }
    }

    /** Never deleted by age or size: audit heads must outlive any retention. */
    private static final java.util.Map<String, String> KEEP_FOREVER =
            java.util.Map.of("retention.ms", "-1", "retention.bytes", "-1");

    private Topics() {
    }

    public static String dlt(String topic) {
        return topic + DLT_SUFFIX;
    }

    /** Every topic the platform uses, dead-letter topics included (same partitioning as source). */
    public static List<TopicSpec> all(int transactionPartitions) {
        return List.of(
                new TopicSpec(PROVIDER_TRANSACTIONS, transactionPartitions),
                new TopicSpec(dlt(PROVIDER_TRANSACTIONS), transactionPartitions),
                new TopicSpec(LEDGER_TRANSACTIONS, transactionPartitions),
                new TopicSpec(dlt(LEDGER_TRANSACTIONS), transactionPartitions),
                new TopicSpec(SETTLEMENT_STATEMENTS, OTHER_PARTITIONS),
                new TopicSpec(dlt(SETTLEMENT_STATEMENTS), OTHER_PARTITIONS),
                new TopicSpec(RECON_BREAKS, OTHER_PARTITIONS),
                new TopicSpec(dlt(RECON_BREAKS), OTHER_PARTITIONS),
                new TopicSpec(TRANSACTION_HISTORY, transactionPartitions),
                new TopicSpec(dlt(TRANSACTION_HISTORY), transactionPartitions),
                new TopicSpec(AUDIT_HEADS, 1, KEEP_FOREVER),
                new TopicSpec(dlt(AUDIT_HEADS), 1));
    }
}
