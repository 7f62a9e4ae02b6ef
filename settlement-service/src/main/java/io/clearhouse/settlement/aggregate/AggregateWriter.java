package io.clearhouse.settlement.aggregate;

import io.clearhouse.support.kafka.ConsumedOffsets;
import io.clearhouse.support.jdbc.TextArray;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.time.Rfc3339;
import io.clearhouse.common.transaction.TransactionHistoryEvent;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.support.outbox.OutboxWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts one consumed batch in one database transaction: the processed-id inserts, the aggregate
 * upserts (from exactly the rows inserted) and the history events of late postings commit together,
 * so a redelivered or duplicated transaction can never be counted twice.
 */
@Component
public class AggregateWriter {

    /** What one batch did. */
    public record Outcome(long counted, long groups, int late) {
    }

    private static final String SQL = AggregateSql.apply(AggregateSql.ARRAY_SOURCE);

    private final JdbcTemplate jdbc;
    private final OutboxWriter outbox;
    private final JsonMapper json;
    private final Clock clock;

    private final ConsumedOffsets offsets;

    AggregateWriter(JdbcTemplate jdbc, OutboxWriter outbox, JsonMapper json, Clock clock, ConsumedOffsets offsets) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.offsets = offsets;
    }

    /**
     * Counts a consumed batch and advances the stored offsets of its partitions in the same database
     * transaction (the partitions' offset rows locked first), so the counted rows and the offsets
     * always agree, whatever the database loses in a failover.
     *
     * @param nextOffsets per source partition, the offset after the batch's last record (dead-lettered ones included)
     */
    @Transactional
    public Outcome count(String topic, Collection<TransactionRecorded> batch, Map<Integer, Long> nextOffsets) {
        if (!nextOffsets.isEmpty()) {
            offsets.lock(topic, nextOffsets.keySet());
        }
        Outcome outcome = count(batch);
        if (!nextOffsets.isEmpty()) {
            offsets.advance(topic, nextOffsets);
        }
        return outcome;
    }

    @Transactional
    public Outcome count(Collection<TransactionRecorded> batch) {
        if (batch.isEmpty()) {
            return new Outcome(0, 0, 0);
        }
        // One row per id: a batch may carry the same transaction twice (a producer retry).
        Map<String, TransactionRecorded> unique = new LinkedHashMap<>();
        for (TransactionRecorded tx : batch) {
            unique.putIfAbsent(tx.transactionId(), tx);
        }
        List<TransactionRecorded> rows = new ArrayList<>(unique.values());
        jdbc.queryForList(AggregateSql.COUNT_LOCK);
        Object[] result = jdbc.execute((ConnectionCallback<Object[]>) con -> {
            try (PreparedStatement ps = con.prepareStatement(SQL)) {
                int i = 1;
                ps.setObject(i++, texts(rows, TransactionRecorded::transactionId));
                ps.setObject(i++, texts(rows, TransactionRecorded::providerId));
                ps.setObject(i++, texts(rows, TransactionRecorded::providerTxId));
                ps.setObject(i++, texts(rows, TransactionRecorded::refTxId));
                ps.setObject(i++, texts(rows, TransactionRecorded::brandId));
                ps.setObject(i++, texts(rows, TransactionRecorded::currency));
                ps.setObject(i++, texts(rows, t -> t.gameType().name()));
                ps.setObject(i++, texts(rows, t -> t.type().name()));
                ps.setArray(i++, con.createArrayOf("bigint", rows.stream().map(TransactionRecorded::amountMinor).toArray()));
                ps.setObject(i++, dates(rows, TransactionRecorded::businessDate));
                ps.setObject(i++, dates(rows, TransactionRecorded::reversesBusinessDate));
                ps.setArray(i++, con.createArrayOf("boolean", rows.stream().map(TransactionRecorded::freeRound).toArray()));
                ps.setArray(i++, con.createArrayOf("bigint", rows.stream().map(TransactionRecorded::jackpotContributionMinor).toArray()));
                ps.setObject(i, texts(rows, t -> t.adjustedType() == null ? null : t.adjustedType().name()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3)};
                }
            }
        });
        JsonNode late = json.readTree((String) result[2]);
        for (JsonNode l : late) {
            String txId = l.get("transactionId").asString();
            outbox.add(Topics.TRANSACTION_HISTORY, l.get("providerId").asString() + ":" + l.get("providerTxId").asString(),
                    new TransactionHistoryEvent(TransactionHistoryEvent.SCHEMA_VERSION, "settlement:late:" + txId,
                            l.get("providerId").asString(), l.get("providerTxId").asString(), "settlement-service",
                            "POSTED_AS_LATE_ADJUSTMENT", "settlement-service", clock.instant(),
                            Map.of("originDate", l.get("originDate").asString(),
                                    "postingDate", l.get("postingDate").asString(), "transactionId", txId)));
        }
        return new Outcome((Long) result[0], (Long) result[1], late.size());
    }

    private static TextArray texts(List<TransactionRecorded> rows, Function<TransactionRecorded, String> f) {
        return new TextArray(rows.stream().map(f).toArray(String[]::new));
    }

    private static TextArray dates(List<TransactionRecorded> rows, Function<TransactionRecorded, LocalDate> f) {
        // text cast by the statement (?::date[]): the driver's java.sql.Date encoding went through a Calendar per value
        return texts(rows, t -> {
            LocalDate d = f.apply(t);
            return d == null ? null : Rfc3339.formatDate(d);
        });
    }
}
