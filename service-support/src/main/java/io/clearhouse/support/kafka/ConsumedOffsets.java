package io.clearhouse.support.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Exactly-once consumption: the next offset to consume per source partition, kept in the service's
 * {@code consumer_offsets(group_id, topic, partition, next_offset)} and written in the same database
 * transaction as a batch's rows. Listeners seek to it on assignment, so Kafka's committed offset
 * (still committed, for lag monitoring) never decides what is replayed: after a crash or a database
 * failover the offsets and the rows always agree. {@link #lock} first: a second consumer of the same
 * partition (a zombie after a rebalance) waits, then sees what this one wrote. The group is the
 * service's consumer group ({@code spring.kafka.consumer.group-id}).
 */
public class ConsumedOffsets {

    private final JdbcTemplate jdbc;
    private final String group;

    public ConsumedOffsets(JdbcTemplate jdbc, String group) {
        this.jdbc = jdbc;
        this.group = group;
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
                }, group, topic, partitions.toArray(Integer[]::new));
        return offsets;
    }

    /**
     * Locks the partitions' rows for this transaction and returns their next offsets: a second
     * consumer of the same partition (a zombie after a rebalance) waits, then sees what this one wrote.
     */
    public Map<Integer, Long> lock(String topic, Collection<Integer> partitions) {
        Integer[] ps = partitions.toArray(Integer[]::new);
        jdbc.update("INSERT INTO consumer_offsets (group_id, topic, partition, next_offset) "
                + "SELECT ?, ?, p, 0 FROM unnest(?::int[]) p ON CONFLICT DO NOTHING", group, topic, ps);
        Map<Integer, Long> offsets = new HashMap<>();
        jdbc.query("SELECT partition, next_offset FROM consumer_offsets WHERE group_id = ? AND topic = ? "
                + "AND partition = ANY(?) ORDER BY partition FOR UPDATE", rs -> {
                    offsets.put(rs.getInt("partition"), rs.getLong("next_offset"));
                }, group, topic, ps);
        return offsets;
    }

    public void advance(String topic, Map<Integer, Long> nextOffsets) {
        List<Map.Entry<Integer, Long>> entries = List.copyOf(nextOffsets.entrySet());
        jdbc.update("""
                UPDATE consumer_offsets c SET next_offset = greatest(c.next_offset, v.next_offset)
                FROM unnest(?::int[], ?::bigint[]) AS v(partition, next_offset)
                WHERE c.group_id = ? AND c.topic = ? AND c.partition = v.partition""",
                entries.stream().map(Map.Entry::getKey).toArray(Integer[]::new),
                entries.stream().map(Map.Entry::getValue).toArray(Long[]::new), group, topic);
    }
}
