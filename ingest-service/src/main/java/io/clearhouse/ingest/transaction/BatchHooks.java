package io.clearhouse.ingest.transaction;

/**
 * Points inside batch processing where a test can simulate a crash (the default does nothing):
 * after the batch's rows are written but before its transaction commits, and after the commit but
 * before the listener returns (so before Kafka's offset commit).
 */
public interface BatchHooks {

    BatchHooks NONE = new BatchHooks() {
    };

    default void afterWrites() {
    }

    default void afterCommit() {
    }
}
