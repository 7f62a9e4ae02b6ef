package io.clearhouse.settlement.statement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stored statement version (its document is the canonical JSON the SHA-256 is computed over). */
public record StatementRecord(String statementId, String providerId, LocalDate periodStart, LocalDate periodEnd,
                              int version, StatementStatus status, int contractVersion, String settlementCurrency,
                              long totalPayableMinor, long carryOutMinor, String document, String sha256,
                              String preparedBy, Instant preparedAt, String approvedBy, Instant approvedAt,
                              String paidBy, Instant paidAt, String paymentReference) {

    public static String id(String providerId, LocalDate periodStart, int version) {
        return providerId + ":" + periodStart + ":v" + version;
    }

    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statementId", statementId);
        m.put("providerId", providerId);
        m.put("periodStart", periodStart.toString());
        m.put("periodEnd", periodEnd.toString());
        m.put("version", version);
        m.put("status", status.name());
        m.put("contractVersion", contractVersion);
        m.put("settlementCurrency", settlementCurrency);
        m.put("totalPayableMinor", totalPayableMinor);
        m.put("totalPayable", BigDecimal.valueOf(totalPayableMinor,
                io.clearhouse.common.money.Currencies.exponentOf(settlementCurrency)).toPlainString());
        m.put("carryOutMinor", carryOutMinor);
        m.put("sha256", sha256);
        m.put("preparedBy", preparedBy);
        m.put("preparedAt", preparedAt.toString());
        m.put("approvedBy", approvedBy);
        m.put("approvedAt", approvedAt == null ? null : approvedAt.toString());
        m.put("paidBy", paidBy);
        m.put("paidAt", paidAt == null ? null : paidAt.toString());
        m.put("paymentReference", paymentReference);
        return m;
    }
}
