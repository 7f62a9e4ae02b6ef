package io.clearhouse.reporting.statement;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.kafka.PoisonRecordException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of settlement's canonical statement document (schema version 2) that reports show:
 * lines with their deductions and FX, minimum-guarantee top-ups, carry-forward, aggregator fee and
 * totals. Amounts stay exactly as the document states them: minor units where it gives minor units,
 * decimal strings (parsed to {@link BigDecimal}) where it gives exact decimals.
 */
public record StatementDocument(String providerId, LocalDate periodStart, LocalDate periodEnd, int contractVersion,
                                String settlementCurrency, String roundingMode, List<Line> lines,
                                List<TopUp> minimumGuarantee, String carryPolicy, long carryInMinor,
                                long carryOutMinor, String aggregatorRate, long aggregatorFeeMinor, long feesMinor,
                                long topUpMinor, long feePayableMinor, long totalPayableMinor) {

    /** The document versions this reader knows. */
    static final int MIN_SCHEMA = 1;
    static final int MAX_SCHEMA = 2;

    /** One statement line: a (game type, currency) of the period or a late adjustment of an earlier one. */
    public record Line(int index, String kind, String gameType, String currency, LocalDate originDate, long betCount,
                       BigDecimal bets, BigDecimal wins, BigDecimal jackpotWins, BigDecimal freeRoundWins,
                       BigDecimal ggr, BigDecimal deductions, BigDecimal ngr, String baseKind, BigDecimal base,
                       Fx fx, BigDecimal baseConverted, BigDecimal feeExact, long feeMinor) {
    }

    /** Units of {@code to} for one unit of {@code from}, with the rate's source and date. */
    public record Fx(String from, String to, BigDecimal rate, String source, LocalDate rateDate) {
    }

    /** The month's minimum guarantee of one game type and what topped the fees up to it. */
    public record TopUp(String gameType, long minimumGuaranteeMinor, long monthFeesMinor, long topUpMinor) {
    }

    /** @throws PoisonRecordException when the text is not a statement document this reader knows */
    public static StatementDocument parse(JsonMapper json, String text) {
        JsonNode d;
        try {
            d = json.readTree(text);
        } catch (RuntimeException e) {
            throw new PoisonRecordException("the statement document is not JSON", e);
        }
        try {
            int schema = d.path("schemaVersion").asInt(0);
            if (schema < MIN_SCHEMA || schema > MAX_SCHEMA) {
                throw new PoisonRecordException("unsupported statement document schemaVersion " + schema);
            }
            String currency = text(d, "settlementCurrency");
            if (!Currencies.isKnown(currency)) {
                throw new PoisonRecordException("unknown settlement currency " + currency);
            }
            List<Line> lines = new ArrayList<>();
            for (JsonNode l : req(d, "lines")) {
                BigDecimal deductions = BigDecimal.ZERO;
                for (JsonNode ded : l.path("deductions")) {
                    deductions = deductions.add(dec(ded, "amount"));
                }
                JsonNode fx = req(l, "fx");
                lines.add(new Line(req(l, "index").asInt(), text(l, "kind"), text(l, "gameType"), text(l, "currency"),
                        LocalDate.parse(text(l, "originDate")), req(l, "betCount").asLong(), dec(l, "bets"),
                        dec(l, "wins"), dec(l, "jackpotWins"), dec(l, "freeRoundWins"), dec(l, "ggr"), deductions,
                        dec(l, "ngr"), text(l, "baseKind"), dec(l, "base"),
                        new Fx(text(fx, "from"), text(fx, "to"), dec(fx, "rate"), text(fx, "source"),
                                LocalDate.parse(text(fx, "rateDate"))),
                        dec(l, "baseConverted"), dec(l, "feeExact"), req(l, "feeMinor").asLong()));
            }
            List<TopUp> topUps = new ArrayList<>();
            for (JsonNode t : d.path("minimumGuarantee")) {
                topUps.add(new TopUp(text(t, "gameType"), req(t, "minimumGuaranteeMinor").asLong(),
                        req(t, "monthFeesMinor").asLong(), req(t, "topUpMinor").asLong()));
            }
            JsonNode carry = req(d, "carryForward");
            JsonNode agg = req(d, "aggregatorFee");
            JsonNode totals = req(d, "totals");
            return new StatementDocument(text(d, "providerId"), LocalDate.parse(text(d, "periodStart")),
                    LocalDate.parse(text(d, "periodEnd")), d.path("contractVersion").asInt(0), currency,
                    text(d, "roundingMode"), List.copyOf(lines), List.copyOf(topUps), text(carry, "policy"),
                    req(carry, "inMinor").asLong(), req(carry, "outMinor").asLong(), text(agg, "rate"),
                    req(agg, "amountMinor").asLong(), req(totals, "feesMinor").asLong(),
                    req(totals, "minimumGuaranteeTopUpMinor").asLong(), req(totals, "feePayableMinor").asLong(),
                    req(totals, "totalPayableMinor").asLong());
        } catch (PoisonRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PoisonRecordException("the statement document does not have the expected shape: " + e.getMessage(), e);
        }
    }

    private static JsonNode req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new PoisonRecordException("the statement document lacks " + field);
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        return req(n, field).asString();
    }

    private static BigDecimal dec(JsonNode n, String field) {
        return new BigDecimal(text(n, field));
    }
}
