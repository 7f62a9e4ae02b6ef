package io.clearhouse.reporting.report;

import static io.clearhouse.reporting.report.SpreadsheetText.atExponent;
import static io.clearhouse.reporting.report.SpreadsheetText.escape;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.reporting.breaks.BreakQueries.BreakSummary;
import io.clearhouse.reporting.statement.StatementDocument;
import io.clearhouse.reporting.statement.StatementQueries.CurrentStatement;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The report as XLSX (Apache POI): a Summary sheet (one row per provider, the converted total, the
 * reconciliation summary) and one sheet per provider (its lines, then the statement's items). Amounts
 * are numeric cells formatted with their currency's decimals (an XLSX number is a binary double: every
 * amount here has at most 3 decimals and far fewer than 15 digits, so it reads back exactly); text is
 * never a formula and text from outside is escaped ({@link SpreadsheetText#escape}); header rows are
 * frozen; column widths are fixed (auto-size would depend on the fonts of the machine).
 *
 * <p>Deterministic bytes: the package's core properties carry {@link DailyReport#asOf()} as created and
 * modified date, and the ZIP is rewritten with every entry's time set to that instant.
 */
public final class XlsxReportWriter {

    static final List<String> LINE_HEADER = List.of("Line", "Kind", "Game type", "Currency", "Origin date", "Bets",
            "Wins", "Jackpot wins", "Free-round wins", "GGR", "Deductions", "NGR", "Base kind", "Base", "FX rate",
            "FX source", "FX rate date", "Base converted", "Fee");
    static final List<String> SUMMARY_HEADER = List.of("Provider", "Statement", "Version", "Status", "Currency", "Fees",
            "MG top-up", "Carry-in", "Carry-out", "Aggregator fee", "Total payable", "Reporting currency", "Rate",
            "Rate source", "Rate date", "Total payable (reporting)");

    private XlsxReportWriter() {
    }

    public static byte[] write(DailyReport report) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Styles st = new Styles(wb);
            summary(wb.createSheet("Summary"), report, st);
            Set<String> names = new HashSet<>(Set.of("summary"));
            for (DailyReport.Section s : report.sections()) {
                provider(wb.createSheet(sheetName(s.statement().providerId(), names)), s, report, st);
            }
            Date asOf = Date.from(report.asOf());
            wb.getProperties().getCoreProperties().setCreated(Optional.of(asOf));
            wb.getProperties().getCoreProperties().setModified(Optional.of(asOf));
            wb.getProperties().getCoreProperties().setCreator("Clearhouse reporting");
            wb.getProperties().getCoreProperties().setTitle(report.fileName(ReportFormat.XLSX));
            ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
            wb.write(out);
            return normalizeZip(out.toByteArray(), LocalDateTime.ofInstant(report.asOf(), ZoneOffset.UTC));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void summary(Sheet sheet, DailyReport report, Styles st) {
        header(sheet.createRow(0), SUMMARY_HEADER, st);
        int r = 1;
        int rexp = report.reportingExponent();
        for (DailyReport.Section sec : report.sections()) {
            CurrentStatement s = sec.statement();
            StatementDocument d = s.document();
            int exp = Currencies.exponentOf(d.settlementCurrency());
            Row row = sheet.createRow(r++);
            text(row, 0, escape(s.providerId()));
            text(row, 1, escape(s.statementId()));
            row.createCell(2).setCellValue(s.version());
            text(row, 3, s.status().name());
            text(row, 4, d.settlementCurrency());
            money(row, 5, d.feesMinor(), exp, st);
            money(row, 6, d.topUpMinor(), exp, st);
            money(row, 7, d.carryInMinor(), exp, st);
            money(row, 8, d.carryOutMinor(), exp, st);
            money(row, 9, d.aggregatorFeeMinor(), exp, st);
            money(row, 10, d.totalPayableMinor(), exp, st);
            DailyReport.Conversion c = sec.toReporting();
            text(row, 11, c.to());
            if (c.missing()) {
                text(row, 13, "no rate " + c.from() + "->" + c.to() + " in the day's statements");
            } else {
                text(row, 12, c.rate().toPlainString());
                text(row, 13, escape(c.source()));
                text(row, 14, c.rateDate().toString());
                money(row, 15, c.convertedMinor(), rexp, st);
            }
        }
        Row total = sheet.createRow(r++);
        text(total, 0, "Total");
        text(total, 11, report.reportingCurrency());
        List<String> missing = report.missingRates();
        if (!missing.isEmpty()) {
            text(total, 13, "incomplete: no rate for " + String.join(", ", missing));
        }
        money(total, 15, report.convertedTotalMinor(), rexp, st);
        total.getCell(0).setCellStyle(st.bold);
        r++;
        header(sheet.createRow(r++), List.of("Reconciliation: break class", "Status", "Currency", "Count", "Amount"), st);
        for (BreakSummary b : report.breaks()) {
            Row row = sheet.createRow(r++);
            text(row, 0, escape(b.breakClass()));
            text(row, 1, escape(b.status()));
            text(row, 2, b.currency());
            row.createCell(3).setCellValue(b.count());
            money(row, 4, b.amountMinor(), Currencies.exponentOf(b.currency()), st);
        }
        r++;
        label(sheet, r++, "Report date", report.date().toString());
        label(sheet, r++, "Report status", report.status().name());
        label(sheet, r++, "Scope", report.consolidated() ? "all providers" : escape(report.providerId()));
        label(sheet, r++, "Paying party", escape(report.operatorName()));
        label(sheet, r, "As of", report.asOf().toString());
        sheet.createFreezePane(0, 1);
        widths(sheet, 24, 34, 9, 12, 10, 14, 14, 14, 14, 14, 16, 12, 16, 30, 12, 18);
    }

    private static void provider(Sheet sheet, DailyReport.Section sec, DailyReport report, Styles st) {
        CurrentStatement s = sec.statement();
        StatementDocument d = s.document();
        String ccy = d.settlementCurrency();
        int exp = Currencies.exponentOf(ccy);
        String rm = d.roundingMode();
        header(sheet.createRow(0), LINE_HEADER, st);
        int r = 1;
        for (StatementDocument.Line l : d.lines()) {
            int lexp = Currencies.exponentOf(l.currency());
            Row row = sheet.createRow(r++);
            row.createCell(0).setCellValue(l.index());
            text(row, 1, escape(l.kind()));
            text(row, 2, escape(l.gameType()));
            text(row, 3, l.currency());
            text(row, 4, l.originDate().toString());
            amount(row, 5, atExponent(l.bets(), lexp, rm), lexp, st);
            amount(row, 6, atExponent(l.wins(), lexp, rm), lexp, st);
            amount(row, 7, atExponent(l.jackpotWins(), lexp, rm), lexp, st);
            amount(row, 8, atExponent(l.freeRoundWins(), lexp, rm), lexp, st);
            amount(row, 9, atExponent(l.ggr(), lexp, rm), lexp, st);
            amount(row, 10, atExponent(l.deductions(), lexp, rm), lexp, st);
            amount(row, 11, atExponent(l.ngr(), lexp, rm), lexp, st);
            text(row, 12, escape(l.baseKind()));
            amount(row, 13, atExponent(l.base(), lexp, rm), lexp, st);
            text(row, 14, l.fx().rate().toPlainString());
            text(row, 15, escape(l.fx().source()));
            text(row, 16, l.fx().rateDate().toString());
            amount(row, 17, atExponent(l.baseConverted(), exp, rm), exp, st);
            money(row, 18, l.feeMinor(), exp, st);
        }
        r++;
        label(sheet, r++, "Provider", escape(s.providerId()));
        label(sheet, r++, "Paying party", escape(report.operatorName()));
        label(sheet, r++, "Statement", escape(s.statementId()));
        label(sheet, r++, "Status", s.status().name());
        label(sheet, r++, "Period", d.periodStart() + " to " + d.periodEnd());
        label(sheet, r++, "Settlement currency", ccy);
        r = moneyLabel(sheet, r, "Fees", d.feesMinor(), exp, st);
        for (StatementDocument.TopUp t : d.minimumGuarantee()) {
            r = moneyLabel(sheet, r, "Minimum guarantee " + t.gameType(), t.minimumGuaranteeMinor(), exp, st);
            r = moneyLabel(sheet, r, "Month fees " + t.gameType(), t.monthFeesMinor(), exp, st);
            r = moneyLabel(sheet, r, "Top-up " + t.gameType(), t.topUpMinor(), exp, st);
        }
        r = moneyLabel(sheet, r, "Minimum-guarantee top-up", d.topUpMinor(), exp, st);
        r = moneyLabel(sheet, r, "Carry-in (" + d.carryPolicy() + ")", d.carryInMinor(), exp, st);
        r = moneyLabel(sheet, r, "Carry-out", d.carryOutMinor(), exp, st);
        r = moneyLabel(sheet, r, "Fee payable", d.feePayableMinor(), exp, st);
        r = moneyLabel(sheet, r, "Aggregator fee (rate " + d.aggregatorRate() + ")", d.aggregatorFeeMinor(), exp, st);
        r = moneyLabel(sheet, r, "Total payable", d.totalPayableMinor(), exp, st);
        DailyReport.Conversion c = sec.toReporting();
        if (c.missing()) {
            label(sheet, r++, "Total payable (" + c.to() + ")", "no rate " + c.from() + "->" + c.to()
                    + " in the day's statements");
        } else {
            r = moneyLabel(sheet, r, "Total payable (" + c.to() + ")", c.convertedMinor(), Currencies.exponentOf(c.to()),
                    st);
            label(sheet, r++, "Rate " + c.from() + "->" + c.to(), c.rate().toPlainString() + " (" + escape(c.source())
                    + ", " + c.rateDate() + ")");
        }
        label(sheet, r++, "Statement SHA-256", s.sha256());
        label(sheet, r++, "Prepared by", escape(nz(s.preparedBy())) + (s.preparedAt() == null ? "" : " at " + s.preparedAt()));
        label(sheet, r, "Approved by", escape(nz(s.approvedBy())) + (s.approvedAt() == null ? "" : " at " + s.approvedAt()));
        sheet.createFreezePane(0, 1);
        widths(sheet, 34, 18, 12, 10, 12, 14, 14, 14, 14, 14, 14, 14, 10, 14, 14, 16, 12, 16, 14);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Excel's sheet-name rules: at most 31 characters, none of []:*?/\, unique ignoring case. */
    static String sheetName(String providerId, Set<String> taken) {
        String base = providerId.replaceAll("[\\[\\]:*?/\\\\]", "_").replaceAll("^'+|'+$", "");
        if (base.isBlank()) {
            base = "provider";
        }
        base = base.length() > 31 ? base.substring(0, 31) : base;
        String name = base;
        for (int n = 2; taken.contains(name.toLowerCase(java.util.Locale.ROOT)); n++) {
            String suffix = "~" + n;
            name = (base.length() + suffix.length() > 31 ? base.substring(0, 31 - suffix.length()) : base) + suffix;
        }
        taken.add(name.toLowerCase(java.util.Locale.ROOT));
        return name;
    }

    private static void header(Row row, List<String> names, Styles st) {
        for (int i = 0; i < names.size(); i++) {
            Cell c = row.createCell(i);
            c.setCellValue(names.get(i));
            c.setCellStyle(st.bold);
        }
    }

    private static void text(Row row, int col, String value) {
        row.createCell(col).setCellValue(value);
    }

    private static void label(Sheet sheet, int r, String label, String value) {
        Row row = sheet.createRow(r);
        text(row, 0, label);
        text(row, 1, value);
    }

    private static int moneyLabel(Sheet sheet, int r, String label, long minor, int exp, Styles st) {
        Row row = sheet.createRow(r);
        text(row, 0, label);
        money(row, 1, minor, exp, st);
        return r + 1;
    }

    private static void money(Row row, int col, long minor, int exp, Styles st) {
        amount(row, col, BigDecimal.valueOf(minor, exp), exp, st);
    }

    private static void amount(Row row, int col, BigDecimal value, int exp, Styles st) {
        Cell c = row.createCell(col);
        c.setCellValue(value.doubleValue());
        c.setCellStyle(st.money(exp));
    }

    private static void widths(Sheet sheet, int... chars) {
        for (int i = 0; i < chars.length; i++) {
            sheet.setColumnWidth(i, chars[i] * 256);
        }
    }

    /** Cell styles, one per currency exponent (a workbook holds a bounded number of styles). */
    private static final class Styles {
        final CellStyle bold;
        private final XSSFWorkbook wb;
        private final Map<Integer, CellStyle> money = new HashMap<>();

        Styles(XSSFWorkbook wb) {
            this.wb = wb;
            Font f = wb.createFont();
            f.setBold(true);
            bold = wb.createCellStyle();
            bold.setFont(f);
        }

        CellStyle money(int exp) {
            return money.computeIfAbsent(exp, e -> {
                CellStyle s = wb.createCellStyle();
                s.setDataFormat(wb.createDataFormat().getFormat(e == 0 ? "0" : "0." + "0".repeat(e)));
                return s;
            });
        }
    }

    /** Rewrites the ZIP with the same entries in the same order, each stamped with {@code time}. */
    static byte[] normalizeZip(byte[] zip, LocalDateTime time) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(zip.length + 1024);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
             ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTimeLocal(time);
                z.putNextEntry(copy);
                in.transferTo(z);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
