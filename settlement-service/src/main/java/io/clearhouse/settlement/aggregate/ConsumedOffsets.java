package io.clearhouse.settlement.aggregate;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The next ledger offset to count per partition, kept in {@code consumer_offsets} and written in the
 * same database transaction as the counted rows (as ingest does). The listener seeks to it on
 * assignment, so after a database failover the offsets and the counted rows always agree: what the
 * database lost is consumed again, never skipped because Kafka's committed offset was ahead.
 */
@Component
class ConsumedOffsets {

    private final JdbcTemplate jdbc;
    private final String group;

    ConsumedOffsets(JdbcTemplate jdbc, @Value("${spring.kafka.consumer.group-id:settlement}") String group) {
        this.jdbc = jdbc;
        this.group = group;
    }

    /** Stored next offsets, without locking (for seeking on assignment). */
    Map<Integer, Long> read(String topic, Collection<Integer> partitions) {
        Map<Integer, Long> offsets = new HashMap<>();
        if (partitions.isEmpty()) {
            return offsets;
        }
        jdbc.query("SELECT partition, next_offset FROM consumer_offsets WHERE group_id = ? AND topic = ? "
                + "AND partition = ANY(?)", rs -> {
                    offsets.put(rs.getInt(1), rs.getLong(2));
                }, group, topic, partitions.toArray(Integer[]::new));
        return offsets;
    }

    /**
     * Locks the partitions' rows for this transaction: a second consumer of the same partition (a
     * zombie after a rebalance) waits, then counts nothing twice (processed ids) and never moves the
     * offsets back.
     */
    void lock(String topic, Collection<Integer> partitions) {
        Integer[] ps = partitions.toArray(Integer[]::new);
        jdbc.update("INSERT INTO consumer_offsets (group_id, topic, partition, next_offset) "
                + "SELECT ?, ?, p, 0 FROM unnest(?::int[]) p ON CONFLICT DO NOTHING", group, topic, ps);
        jdbc.query("SELECT partition FROM consumer_offsets WHERE group_id = ? AND topic = ? "
                + "AND partition = ANY(?) ORDER BY partition FOR UPDATE", rs -> { }, group, topic, ps);
    }

    void advance(String topic, Map<Integer, Long> nextOffsets) {
        List<Map.Entry<Integer, Long>> entries = List.copyOf(nextOffsets.entrySet());
        jdbc.update("""
                UPDATE consumer_offsets c SET next_offset = greatest(c.next_offset, v.next_offset)
                FROM unnest(?::int[], ?::bigint[]) AS v(partition, next_offset)
                WHERE c.group_id = ? AND c.topic = ? AND c.partition = v.partition""",
                entries.stream().map(Map.Entry::getKey).toArray(Integer[]::new),
                entries.stream().map(Map.Entry::getValue).toArray(Long[]::new), group, topic);
    }
}
