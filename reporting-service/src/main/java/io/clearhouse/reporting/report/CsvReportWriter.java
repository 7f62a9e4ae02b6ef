package io.clearhouse.reporting.report;

import static io.clearhouse.reporting.report.SpreadsheetText.atExponent;
import static io.clearhouse.reporting.report.SpreadsheetText.decimal;
import static io.clearhouse.reporting.report.SpreadsheetText.escape;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.reporting.breaks.BreakQueries.BreakSummary;
import io.clearhouse.reporting.statement.StatementDocument;
import io.clearhouse.reporting.statement.StatementQueries.CurrentStatement;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes
 * doubled; UTF-8 without a byte-order mark; one header row). Long form: one row per figure, so every
 * figure has its own currency and a program can read the file without knowing its layout. Amounts are
 * plain decimal strings with exactly their currency's exponent.
 */
public final class CsvReportWriter {

    public static final List<String> HEADER = List.of("report_date", "report_status", "scope", "provider_id",
            "statement_id", "statement_version", "statement_status", "section", "line_index", "kind", "game_type",
            "measure", "currency", "amount", "count", "fx_rate", "fx_source", "fx_rate_date", "note");

    private CsvReportWriter() {
    }

    public static byte[] write(DailyReport report) {
        StringBuilder out = new StringBuilder(8192);
        row(out, HEADER);
        String scope = report.consolidated() ? "CONSOLIDATED" : "PROVIDER";
        for (DailyReport.Section section : report.sections()) {
            new Rows(out, report, scope, section.statement()).write(section);
        }
        Rows day = new Rows(out, report, scope, null);
        if (report.consolidated()) {
            List<String> missing = report.missingRates();
            day.add("CONSOLIDATED", "", "", "", "total_payable_converted", report.reportingCurrency(),
                    decimal(report.convertedTotalMinor(), report.reportingExponent()), "", "", "", "",
                    missing.isEmpty() ? "" : "incomplete: no rate for " + String.join(", ", missing));
        }
        for (BreakSummary b : report.breaks()) {
            day.add("RECONCILIATION", "", b.breakClass(), "", b.status(), b.currency(),
                    decimal(b.amountMinor(), Currencies.exponentOf(b.currency())), Long.toString(b.count()), "", "", "",
                    "");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The rows of one statement (or of the whole day when the statement is null). */
    private static final class Rows {
        private final StringBuilder out;
        private final DailyReport report;
        private final String scope;
        private final CurrentStatement s;

        Rows(StringBuilder out, DailyReport report, String scope, CurrentStatement s) {
            this.out = out;
            this.report = report;
            this.scope = scope;
            this.s = s;
        }

        void write(DailyReport.Section section) {
            StatementDocument d = s.document();
            String ccy = d.settlementCurrency();
            int exp = Currencies.exponentOf(ccy);
            add("STATEMENT", "", "", "", "period", "", "", "", "", "", "", d.periodStart() + "/" + d.periodEnd());
            add("STATEMENT", "", "", "", "sha256", "", "", "", "", "", "", s.sha256());
            add("STATEMENT", "", "", "", "prepared_by", "", "", "", "", "", "",
                    nz(s.preparedBy()) + (s.preparedAt() == null ? "" : " at " + s.preparedAt()));
            add("STATEMENT", "", "", "", "approved_by", "", "", "", "", "", "",
                    nz(s.approvedBy()) + (s.approvedAt() == null ? "" : " at " + s.approvedAt()));
            for (StatementDocument.Line l : d.lines()) {
                int lexp = Currencies.exponentOf(l.currency());
                String idx = Integer.toString(l.index());
                String rate = l.fx().rate().toPlainString();
                String src = l.fx().source();
                String rd = l.fx().rateDate().toString();
                line(idx, l, "bets", l.currency(), atExponent(l.bets(), lexp, d.roundingMode()), Long.toString(l.betCount()),
                        rate, src, rd);
                line(idx, l, "wins", l.currency(), atExponent(l.wins(), lexp, d.roundingMode()), "", rate, src, rd);
                line(idx, l, "jackpot_wins", l.currency(), atExponent(l.jackpotWins(), lexp, d.roundingMode()), "", rate,
                        src, rd);
                line(idx, l, "free_round_wins", l.currency(), atExponent(l.freeRoundWins(), lexp, d.roundingMode()), "",
                        rate, src, rd);
                line(idx, l, "ggr", l.currency(), atExponent(l.ggr(), lexp, d.roundingMode()), "", rate, src, rd);
                line(idx, l, "deductions", l.currency(), atExponent(l.deductions(), lexp, d.roundingMode()), "", rate,
                        src, rd);
                line(idx, l, "ngr", l.currency(), atExponent(l.ngr(), lexp, d.roundingMode()), "", rate, src, rd);
                line(idx, l, "base_" + l.baseKind().toLowerCase(java.util.Locale.ROOT), l.currency(),
                        atExponent(l.base(), lexp, d.roundingMode()), "", rate, src, rd);
                line(idx, l, "base_converted", ccy, atExponent(l.baseConverted(), exp, d.roundingMode()), "", rate, src,
                        rd);
                add("LINE", idx, l.kind(), l.gameType(), "fee", ccy, decimal(l.feeMinor(), exp), "", rate, src, rd,
                        "exact " + l.feeExact().toPlainString());
            }
            for (StatementDocument.TopUp t : d.minimumGuarantee()) {
                add("MINIMUM_GUARANTEE", "", "", t.gameType(), "minimum_guarantee", ccy,
                        decimal(t.minimumGuaranteeMinor(), exp), "", "", "", "", "");
                add("MINIMUM_GUARANTEE", "", "", t.gameType(), "month_fees", ccy, decimal(t.monthFeesMinor(), exp), "",
                        "", "", "", "");
                add("MINIMUM_GUARANTEE", "", "", t.gameType(), "top_up", ccy, decimal(t.topUpMinor(), exp), "", "", "",
                        "", "");
            }
            add("CARRY_FORWARD", "", "", "", "carry_in", ccy, decimal(d.carryInMinor(), exp), "", "", "", "",
                    d.carryPolicy());
            add("CARRY_FORWARD", "", "", "", "carry_out", ccy, decimal(d.carryOutMinor(), exp), "", "", "", "",
                    d.carryPolicy());
            add("TOTAL", "", "", "", "fees", ccy, decimal(d.feesMinor(), exp), Integer.toString(d.lines().size()), "", "",
                    "", "");
            add("TOTAL", "", "", "", "minimum_guarantee_top_up", ccy, decimal(d.topUpMinor(), exp), "", "", "", "", "");
            add("TOTAL", "", "", "", "fee_payable", ccy, decimal(d.feePayableMinor(), exp), "", "", "", "", "");
            add("TOTAL", "", "", "", "aggregator_fee", ccy, decimal(d.aggregatorFeeMinor(), exp), "", "", "", "",
                    "rate " + d.aggregatorRate());
            add("TOTAL", "", "", "", "total_payable", ccy, decimal(d.totalPayableMinor(), exp), "", "", "", "", "");
            DailyReport.Conversion c = section.toReporting();
            if (c.missing()) {
                add("REPORTING", "", "", "", "total_payable_converted", c.to(), "", "", "", "", "",
                        "no rate " + c.from() + "->" + c.to() + " in the day's statements");
            } else {
                add("REPORTING", "", "", "", "total_payable_converted", c.to(),
                        decimal(c.convertedMinor(), Currencies.exponentOf(c.to())), "", c.rate().toPlainString(),
                        c.source(), c.rateDate().toString(), c.from() + "->" + c.to());
            }
        }

        private void line(String idx, StatementDocument.Line l, String measure, String ccy, BigDecimal amount,
                          String count, String rate, String src, String rd) {
            add("LINE", idx, l.kind(), l.gameType(), measure, ccy, amount.toPlainString(), count, rate, src, rd, "");
        }

        void add(String section, String lineIndex, String kind, String gameType, String measure, String currency,
                 String amount, String count, String fxRate, String fxSource, String fxDate, String note) {
            List<String> f = new ArrayList<>(HEADER.size());
            f.add(report.date().toString());
            f.add(report.status().name());
            f.add(scope);
            f.add(escape(s == null ? nz(report.providerId()) : s.providerId()));
            f.add(escape(s == null ? "" : s.statementId()));
            f.add(s == null ? "" : Integer.toString(s.version()));
            f.add(s == null ? "" : s.status().name());
            f.add(section);
            f.add(lineIndex);
            f.add(escape(kind));
            f.add(escape(gameType));
            f.add(measure);
            f.add(currency);
            f.add(amount);
            f.add(count);
            f.add(fxRate);
            f.add(escape(fxSource));
            f.add(fxDate);
            f.add(escape(note));
            row(out, f);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static void row(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            field(out, fields.get(i));
        }
        out.append("\r\n");
    }

    static void field(StringBuilder out, String value) {
        String v = value == null ? "" : value;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            out.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
            out.append(v);
        }
    }
}
