package io.clearhouse.settlement.contract;

import io.clearhouse.settlement.domain.ContractTerms;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** One stored contract version. */
public record ContractVersion(String providerId, int version, LocalDate effectiveFrom, ContractTerms terms,
                              String termsSha256, String createdBy, String reason, Instant createdAt) {

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("providerId", providerId);
        m.put("version", version);
        m.put("effectiveFrom", effectiveFrom.toString());
        m.put("termsSha256", termsSha256);
        m.put("createdBy", createdBy);
        m.put("reason", reason);
        m.put("createdAt", createdAt.toString());
        m.put("terms", terms.toMap());
        return m;
    }
}
