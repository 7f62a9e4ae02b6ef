package io.clearhouse.ingest.transaction;

/**
 * Another writer committed a judgement this batch relied on not existing (two partitions carrying
 * the same key, or the sweeper resolving a parked rollback at the same moment). The batch's database
 * transaction rolls back and the batch is judged again; nothing was half-written.
 */
class ConcurrentJudgementException extends RuntimeException {

    ConcurrentJudgementException(String message) {
        super(message);
    }
}
