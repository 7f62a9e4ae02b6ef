package io.clearhouse.ingest.audit;

import io.clearhouse.common.hash.Hashing;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The Merkle leaf of one recorded ledger row in a batch's audit entry.
 * <ul>
 *   <li>version 1 (entries without {@code leafVersion}): the row's content hash, recomputed from the
 *       provider's fields. It omits what ingest derived (business dates, transaction id, adjusted
 *       type, the key's fate), so moving a row to another business date went unnoticed.</li>
 *   <li>version 2: SHA-256 of a canonical string of everything stored that decides the row's money or
 *       identity: transaction id, provider, provider transaction id, key player ref, content hash,
 *       business date, reversed business date, type, amount, currency, adjusted type, and the fate of
 *       its key. The content hash in turn covers every provider field, and the verifier checks it
 *       against the row's columns.</li>
 * </ul>
 */
public final class LedgerLeaf {

    /** The version new audit entries use. */
    public static final int CURRENT_VERSION = 2;
    private static final String SEPARATOR = "\u001f";

    private LedgerLeaf() {
    }

    /** A stored row's fields, as the leaf covers them; null stands for an SQL NULL. */
    public record Row(String transactionId, String providerId, String providerTxId, String keyPlayerRef,
                      String contentHash, LocalDate businessDate, LocalDate reversesBusinessDate, String type,
                      long amountMinor, String currency, String adjustedType, String keyFate) {
        public Row {
            Objects.requireNonNull(transactionId, "transactionId");
            Objects.requireNonNull(businessDate, "businessDate");
        }
    }

    /** The version 2 leaf: hex SHA-256 of the canonical string of the row. */
    public static String v2(Row r) {
        return Hashing.sha256Hex(v2Text(r));
    }

    /** The canonical string a version 2 leaf hashes (shown in inclusion proofs, so a provider can read it). */
    public static String v2Text(Row r) {
        return String.join(SEPARATOR, "clearhouse/ingest-leaf/v2", r.transactionId(),
                r.providerId(), r.providerTxId(), nz(r.keyPlayerRef()), r.contentHash(), r.businessDate().toString(),
                r.reversesBusinessDate() == null ? "" : r.reversesBusinessDate().toString(), r.type(),
                Long.toString(r.amountMinor()), r.currency(), nz(r.adjustedType()), nz(r.keyFate()));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
