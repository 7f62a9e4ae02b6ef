package io.clearhouse.common.audit;

import java.time.LocalDate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Reads an {@link AuditHead} from a row with the columns every {@code audit_heads} table has (ingest's,
 * which it signs into, and settlement's, which it receives into): {@code day, first_seq, last_seq,
 * chain_hash, merkle_root, batches, transactions, key_id, signature}.
 */
public final class AuditHeadRows {

    public static final String COLUMNS =
            "day, first_seq, last_seq, chain_hash, merkle_root, batches, transactions, key_id, signature";

    public static final RowMapper<AuditHead> MAPPER = (rs, i) -> new AuditHead(AuditHead.SCHEMA_VERSION,
            rs.getObject("day", LocalDate.class), rs.getLong("first_seq"), rs.getLong("last_seq"),
            rs.getString("chain_hash").trim(), rs.getString("merkle_root").trim(), rs.getLong("batches"),
            rs.getLong("transactions"), rs.getString("key_id"), rs.getString("signature"));

    private AuditHeadRows() {
    }
}
