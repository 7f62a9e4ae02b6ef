package io.clearhouse.reporting.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The next offset to consume per source partition, kept in {@code consumer_offsets} and written in
 * the same database transaction as a batch's rows (ingest's mechanism). The listeners seek to it on
 * assignment, so Kafka's committed offset (still committed, for lag monitoring) never decides what
 * is replayed.
 */
@Component
public class ConsumedOffsets {

    static final String GROUP = "reporting";

    private final JdbcTemplate jdbc;

    ConsumedOffsets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stored next offsets, without locking (for seeking and for dropping already applied records early). */
    public Map<Integer, Long> read(String topic, Collection<Integer> partitions) {
        Map<Integer, Long> offsets = new HashMap<>();
        if (partitions.isEmpty()) {
            return offsets;
        }
        jdbc.query("SELECT partition, next_offset FROM consumer_offsets WHERE group_id = ? AND topic = ? "
                + "AND partition = ANY(?)", rs -> {
                    offsets.put(rs.getInt("partition"), rs.getLong("next_offset"));
                }, GROUP, topic, partitions.toArray(Integer[]::new));
        return offsets;
    }

    /**
     * Locks the partitions' rows for this transaction and returns their next offsets: a second
     * consumer of the same partition (a zombie after a rebalance) waits, then sees what this one wrote.
     */
    public Map<Integer, Long> lock(String topic, Collection<Integer> partitions) {
        Integer[] ps = partitions.toArray(Integer[]::new);
        jdbc.update("INSERT INTO consumer_offsets (group_id, topic, partition, next_offset) "
                + "SELECT ?, ?, p, 0 FROM unnest(?::int[]) p ON CONFLICT DO NOTHING", GROUP, topic, ps);
        Map<Integer, Long> offsets = new HashMap<>();
        jdbc.query("SELECT partition, next_offset FROM consumer_offsets WHERE group_id = ? AND topic = ? "
                + "AND partition = ANY(?) ORDER BY partition FOR UPDATE", rs -> {
                    offsets.put(rs.getInt("partition"), rs.getLong("next_offset"));
                }, GROUP, topic, ps);
        return offsets;
    }

    public void advance(String topic, Map<Integer, Long> nextOffsets) {
        List<Map.Entry<Integer, Long>> entries = List.copyOf(nextOffsets.entrySet());
        jdbc.update("""
                UPDATE consumer_offsets c SET next_offset = greatest(c.next_offset, v.next_offset)
                FROM unnest(?::int[], ?::bigint[]) AS v(partition, next_offset)
                WHERE c.group_id = ? AND c.topic = ? AND c.partition = v.partition""",
                entries.stream().map(Map.Entry::getKey).toArray(Integer[]::new),
                entries.stream().map(Map.Entry::getValue).toArray(Long[]::new), GROUP, topic);
    }
}
