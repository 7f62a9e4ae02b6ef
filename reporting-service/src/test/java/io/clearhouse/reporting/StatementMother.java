package io.clearhouse.reporting;

import io.clearhouse.common.hash.CanonicalJson;
import io.clearhouse.common.hash.Hashing;
import io.clearhouse.common.settlement.StatementPublished;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statement documents in settlement's canonical shape (schema version 2) and their events. The default
 * is the design's worked example in USD (slots 10 % of GGR: fee 120.00; live 25 % of NGR after an
 * operator-funded bonus of 100.00: fee 200.00) plus a EUR slots line converted at EUR->USD 1.08
 * (fee 10.80) and a 0.5 % aggregator fee on the converted GGR 2,208.00 (11.04): total payable 341.84.
 */
public final class StatementMother {

    private String provider = "prov-a";
    private LocalDate date = LocalDate.of(2026, 3, 2);
    private int version = 1;
    private String status = "DRAFT";
    private String preparedBy = "scheduler";
    private String approvedBy;
    private Instant approvedAt;
    private String source = "ECB";

    public static StatementMother statement() {
        return new StatementMother();
    }

    public StatementMother provider(String p) {
        this.provider = p;
        return this;
    }

    public StatementMother date(LocalDate d) {
        this.date = d;
        return this;
    }

    public StatementMother version(int v) {
        this.version = v;
        return this;
    }

    public StatementMother preparedBy(String who) {
        this.preparedBy = who;
        return this;
    }

    public StatementMother fxSource(String s) {
        this.source = s;
        return this;
    }

    public StatementMother approved(String by, Instant at) {
        this.status = "APPROVED";
        this.approvedBy = by;
        this.approvedAt = at;
        return this;
    }

    public String statementId() {
        return provider + ":" + date + ":v" + version;
    }

    public Instant preparedAt() {
        return date.plusDays(1).atTime(7, 0).toInstant(java.time.ZoneOffset.UTC);
    }

    public String document() {
        List<Map<String, Object>> lines = new ArrayList<>();
        lines.add(line(1, "SLOT", "USD", "12000.00", "10800.00", "0.00", "1200.00", List.of(), "1200.00", "GGR",
                "1200.00", fx("USD", "USD", "1", "IDENTITY"), "1200.00", "120.000", 12000));
        lines.add(line(2, "LIVE", "USD", "5000.00", "4000.00", "100.00", "900.00",
                List.of(Map.of("type", "BONUS_COST", "name", "BONUS_COST", "amount", "100.00", "remaining", "800.00")),
                "800.00", "NGR", "800.00", fx("USD", "USD", "1", "IDENTITY"), "800.00", "200.0000", 20000));
        lines.add(line(3, "SLOT", "EUR", "1000.00", "900.00", "0.00", "100.00", List.of(), "100.00", "GGR", "100.00",
                fx("EUR", "USD", "1.08", source), "108.0000", "10.80000", 1080));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", 2);
        doc.put("providerId", provider);
        doc.put("periodStart", date.toString());
        doc.put("periodEnd", date.toString());
        doc.put("contractVersion", 1);
        doc.put("settlementCurrency", "USD");
        doc.put("roundingMode", "HALF_EVEN");
        doc.put("lines", lines);
        doc.put("minimumGuarantee", List.of());
        doc.put("carryForward", Map.of("policy", "CARRY_UNTIL_CLEARED", "inMinor", 0L, "outMinor", 0L));
        doc.put("aggregatorFee", Map.of("rate", "0.005", "ggrConverted", "2208.00", "exact", "11.04000",
                "amountMinor", 1104L, "rounding", "0.00000"));
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("lineCount", 3);
        totals.put("feesMinor", 33080L);
        totals.put("minimumGuaranteeTopUpMinor", 0L);
        totals.put("carryInMinor", 0L);
        totals.put("carryOutMinor", 0L);
        totals.put("feePayableMinor", 33080L);
        totals.put("aggregatorFeeMinor", 1104L);
        totals.put("totalPayableMinor", 34184L);
        totals.put("totalPayable", "341.84");
        doc.put("totals", totals);
        return CanonicalJson.write(doc);
    }

    /** Total payable of {@link #document()}: fees 330.80 + aggregator fee 11.04. */
    public static final long TOTAL_MINOR = 34184;

    public StatementPublished event() {
        String doc = document();
        return new StatementPublished(StatementPublished.SCHEMA_VERSION, "settlement:" + statementId() + ":" + status,
                statementId(), provider, date, date, version, status, "USD", TOTAL_MINOR, Hashing.sha256Hex(doc),
                approvedBy == null ? preparedBy : approvedBy, "test", approvedAt == null ? preparedAt() : approvedAt,
                doc, preparedBy, preparedAt(), approvedBy, approvedAt);
    }

    private static Map<String, Object> fx(String from, String to, String rate, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        m.put("rate", rate);
        m.put("source", source);
        m.put("rateDate", "2026-03-01");
        m.put("requestedDate", "2026-03-01");
        return m;
    }

    private static Map<String, Object> line(int index, String game, String currency, String bets, String wins,
                                            String freeRoundWins, String ggr, List<Map<String, Object>> deductions,
                                            String ngr, String baseKind, String base, Map<String, Object> fx,
                                            String baseConverted, String feeExact, long feeMinor) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("index", index);
        d.put("kind", "PERIOD");
        d.put("gameType", game);
        d.put("currency", currency);
        d.put("originDate", "2026-03-02");
        d.put("betCount", 100L);
        d.put("bets", bets);
        d.put("rollbackCount", 0L);
        d.put("rollbacks", "0.00");
        d.put("winCount", 80L);
        d.put("wins", wins);
        d.put("jackpotWinCount", 0L);
        d.put("jackpotWins", "0.00");
        d.put("freeRoundWinCount", 1L);
        d.put("freeRoundWins", freeRoundWins);
        d.put("freeRoundFunder", "OPERATOR");
        d.put("jackpotContributions", "0.00");
        d.put("jackpotTreatment", "IGNORE");
        d.put("adjustmentCount", 0L);
        d.put("stakeAdjustments", "0.00");
        d.put("payoutAdjustments", "0.00");
        d.put("ggr", ggr);
        d.put("deductions", deductions);
        d.put("ngr", ngr);
        d.put("baseKind", baseKind);
        d.put("base", base);
        d.put("fx", fx);
        d.put("baseConverted", baseConverted);
        d.put("feeExact", feeExact);
        d.put("feeMinor", feeMinor);
        d.put("fee", java.math.BigDecimal.valueOf(feeMinor, 2).toPlainString());
        return d;
    }
}
