package io.clearhouse.settlement.domain;

import io.clearhouse.common.hash.CanonicalJson;
import io.clearhouse.common.hash.Hashing;
import java.util.List;
import java.util.Map;

/**
 * A computed statement: its lines, the statement-level items, and its canonical document. The
 * document holds only what the inputs determine (no version, no preparer, no clock), so re-running
 * the same inputs gives the same bytes and the same SHA-256.
 */
public record Statement(List<StatementLine> lines, List<Map<String, Object>> minimumGuaranteeTopUps,
                        long feesMinor, long topUpMinor, long carryInMinor, long carryOutMinor,
                        long feePayableMinor, long aggregatorFeeMinor, long totalPayableMinor,
                        Map<String, Object> document) {

    public String canonicalJson() {
        return CanonicalJson.write(document);
    }

    public String sha256() {
        return Hashing.sha256Hex(canonicalJson());
    }
}
