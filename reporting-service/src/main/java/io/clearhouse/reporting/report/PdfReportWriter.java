package io.clearhouse.reporting.report;

import static io.clearhouse.reporting.report.SpreadsheetText.atExponent;
import static io.clearhouse.reporting.report.SpreadsheetText.decimal;

import io.clearhouse.common.hash.Hashing;
import io.clearhouse.common.money.Currencies;
import io.clearhouse.reporting.breaks.BreakQueries.BreakSummary;
import io.clearhouse.reporting.statement.StatementDocument;
import io.clearhouse.reporting.statement.StatementQueries.CurrentStatement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The report as a printable PDF (PDFBox 3), A4 landscape, the statement a provider would sign off:
 * parties, period, lines, deductions, minimum-guarantee top-up, carry-forward, totals, the FX used,
 * the statement's SHA-256 and its approval trail; the consolidated report adds a summary and the
 * reconciliation summary. Standard 14 Helvetica (nothing embedded, nothing from the machine's fonts);
 * text outside WinAnsi is shown as '?'.
 *
 * <p>Deterministic bytes: creation and modification dates are {@link DailyReport#asOf()}, the trailer's
 * document id is derived from the report's content, no producer stamp; PDFBox writes objects in a
 * fixed order.
 */
public final class PdfReportWriter {

    private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private static final float MARGIN = 36;
    private static final float LEADING = 11;
    private static final float SIZE = 8;
    /** Landscape A4 between the margins. */
    private static final float USABLE_WIDTH = PDRectangle.A4.getHeight() - 2 * MARGIN;

    /** Line table: column x positions (points from the left margin) and titles. */
    private static final float[] LINE_X = {0, 22, 100, 140, 170, 225, 285, 345, 405, 465, 510, 570, 655, 715};
    private static final String[] LINE_TITLES = {"#", "Kind", "Game", "Ccy", "Bets", "Wins (all)", "GGR", "Deductions",
            "NGR", "Base", "Base kind", "FX rate", "Converted", "Fee"};

    private PdfReportWriter() {
    }

    public static byte[] write(DailyReport report) {
        try (PDDocument doc = new PDDocument()) {
            Pages pages = new Pages(doc);
            String title = "Daily settlement report " + report.date() + " - "
                    + (report.consolidated() ? "all providers" : report.providerId()) + " - " + report.status();
            pages.text(BOLD, 13, title);
            pages.gap();
            pages.text(REGULAR, SIZE, "Paying party: " + report.operatorName());
            pages.text(REGULAR, SIZE, "Reporting currency: " + report.reportingCurrency() + "    As of: " + report.asOf());
            if (report.status() == ReportStatus.DRAFT) {
                pages.text(BOLD, SIZE, "DRAFT: not every statement in this report is approved.");
            }
            pages.gap();
            if (report.consolidated()) {
                summary(pages, report);
            }
            for (DailyReport.Section s : report.sections()) {
                section(pages, report, s);
            }
            reconciliation(pages, report);
            pages.close();

            PDDocumentInformation info = doc.getDocumentInformation();
            Calendar when = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            when.setTimeInMillis(report.asOf().toEpochMilli());
            info.setCreationDate(when);
            info.setModificationDate(when);
            info.setTitle(report.fileName(ReportFormat.PDF));
            info.setCreator("Clearhouse reporting");
            byte[] id = Arrays.copyOf(Hashing.sha256(identity(report).getBytes(StandardCharsets.UTF_8)), 16);
            COSArray ids = new COSArray();
            ids.add(new COSString(id));
            ids.add(new COSString(id));
            doc.getDocument().setDocumentID(ids);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the document id is derived from: the report's scope and the statements' hashes and statuses. */
    private static String identity(DailyReport r) {
        StringBuilder b = new StringBuilder().append(r.date()).append('|').append(r.providerId()).append('|')
                .append(r.status()).append('|').append(r.reportingCurrency());
        r.sections().forEach(s -> b.append('|').append(s.statement().statementId()).append(':')
                .append(s.statement().sha256()).append(':').append(s.statement().status()));
        r.breaks().forEach(x -> b.append('|').append(x));
        return b.toString();
    }

    private static void summary(Pages p, DailyReport report) throws IOException {
        p.text(BOLD, 10, "Summary");
        float[] x = {0, 150, 330, 380, 430, 520, 640};
        p.row(BOLD, x, "Provider", "Statement", "Status", "Ccy", "Total payable", "Rate (source, date)",
                "Total (" + report.reportingCurrency() + ")");
        for (DailyReport.Section s : report.sections()) {
            CurrentStatement st = s.statement();
            StatementDocument d = st.document();
            DailyReport.Conversion c = s.toReporting();
            p.row(REGULAR, x, st.providerId(), st.statementId(), st.status().name(), d.settlementCurrency(),
                    decimal(d.totalPayableMinor(), Currencies.exponentOf(d.settlementCurrency())),
                    c.missing() ? "no rate " + c.from() + "->" + c.to() : c.rate().toPlainString() + " (" + c.source()
                            + ", " + c.rateDate() + ")",
                    c.missing() ? "-" : decimal(c.convertedMinor(), report.reportingExponent()));
        }
        List<String> missing = report.missingRates();
        p.row(BOLD, x, "Total", "", "", "", "", missing.isEmpty() ? "" : "incomplete: no rate for "
                + String.join(", ", missing), decimal(report.convertedTotalMinor(), report.reportingExponent()) + " "
                + report.reportingCurrency());
        p.gap();
    }

    private static void section(Pages p, DailyReport report, DailyReport.Section sec) throws IOException {
        CurrentStatement s = sec.statement();
        StatementDocument d = s.document();
        String ccy = d.settlementCurrency();
        int exp = Currencies.exponentOf(ccy);
        String rm = d.roundingMode();
        p.need(8);
        p.text(BOLD, 10, "Provider " + s.providerId() + " - statement " + s.statementId());
        p.text(REGULAR, SIZE, "Parties: " + report.operatorName() + " (pays) and " + s.providerId() + " (provider)");
        p.text(REGULAR, SIZE, "Period: " + d.periodStart() + " to " + d.periodEnd() + "    Version " + s.version()
                + "    Status " + s.status() + "    Contract version " + d.contractVersion()
                + "    Settlement currency " + ccy + "    Rounding " + rm);
        p.gap();
        p.row(BOLD, LINE_X, LINE_TITLES);
        for (StatementDocument.Line l : d.lines()) {
            int lexp = Currencies.exponentOf(l.currency());
            p.row(REGULAR, LINE_X, Integer.toString(l.index()),
                    l.kind() + ("PERIOD".equals(l.kind()) ? "" : " " + l.originDate()), l.gameType(), l.currency(),
                    atExponent(l.bets(), lexp, rm).toPlainString(),
                    atExponent(l.wins().add(l.jackpotWins()).add(l.freeRoundWins()), lexp, rm).toPlainString(),
                    atExponent(l.ggr(), lexp, rm).toPlainString(), atExponent(l.deductions(), lexp, rm).toPlainString(),
                    atExponent(l.ngr(), lexp, rm).toPlainString(), atExponent(l.base(), lexp, rm).toPlainString(),
                    l.baseKind(), l.fx().rate().toPlainString(),
                    atExponent(l.baseConverted(), exp, rm).toPlainString(), decimal(l.feeMinor(), exp));
        }
        p.gap();
        p.text(BOLD, SIZE, "FX used");
        for (StatementDocument.Line l : d.lines()) {
            p.text(REGULAR, SIZE, "Line " + l.index() + ": 1 " + l.fx().from() + " = " + l.fx().rate().toPlainString()
                    + " " + l.fx().to() + " (" + l.fx().source() + ", rate date " + l.fx().rateDate() + ")");
        }
        p.gap();
        float[] x = {0, 220};
        p.row(REGULAR, x, "Fees (sum of lines)", decimal(d.feesMinor(), exp) + " " + ccy);
        for (StatementDocument.TopUp t : d.minimumGuarantee()) {
            p.row(REGULAR, x, "Minimum guarantee " + t.gameType(), decimal(t.minimumGuaranteeMinor(), exp)
                    + " " + ccy + " (month fees " + decimal(t.monthFeesMinor(), exp) + ", top-up "
                    + decimal(t.topUpMinor(), exp) + ")");
        }
        p.row(REGULAR, x, "Minimum-guarantee top-up", decimal(d.topUpMinor(), exp) + " " + ccy);
        p.row(REGULAR, x, "Carry-forward in (" + d.carryPolicy() + ")", decimal(d.carryInMinor(), exp) + " " + ccy);
        p.row(REGULAR, x, "Carry-forward out", decimal(d.carryOutMinor(), exp) + " " + ccy);
        p.row(REGULAR, x, "Fee payable", decimal(d.feePayableMinor(), exp) + " " + ccy);
        p.row(REGULAR, x, "Aggregator fee (rate " + d.aggregatorRate() + ")", decimal(d.aggregatorFeeMinor(), exp)
                + " " + ccy);
        p.row(BOLD, x, "Total payable", decimal(d.totalPayableMinor(), exp) + " " + ccy);
        DailyReport.Conversion c = sec.toReporting();
        p.row(REGULAR, x, "Total payable in " + c.to(), c.missing()
                ? "no rate " + c.from() + "->" + c.to() + " in the day's statements: not converted"
                : decimal(c.convertedMinor(), Currencies.exponentOf(c.to())) + " " + c.to() + " at "
                + c.rate().toPlainString() + " (" + c.source() + ", " + c.rateDate() + ")");
        p.gap();
        p.row(REGULAR, x, "Statement SHA-256", s.sha256());
        p.row(REGULAR, x, "Prepared by", nz(s.preparedBy()) + (s.preparedAt() == null ? "" : " at " + s.preparedAt()));
        p.row(REGULAR, x, "Approved by", s.approvedBy() == null ? "not approved"
                : s.approvedBy() + (s.approvedAt() == null ? "" : " at " + s.approvedAt()));
        p.gap();
    }

    private static void reconciliation(Pages p, DailyReport report) throws IOException {
        p.need(4);
        p.text(BOLD, 10, "Reconciliation " + report.date());
        if (report.breaks().isEmpty()) {
            p.text(REGULAR, SIZE, "No breaks recorded for this date.");
            return;
        }
        float[] x = {0, 150, 280, 330, 400};
        p.row(BOLD, x, "Break class", "Status", "Ccy", "Count", "Amount");
        for (BreakSummary b : report.breaks()) {
            p.row(REGULAR, x, b.breakClass(), b.status(), b.currency(), Long.toString(b.count()),
                    decimal(b.amountMinor(), Currencies.exponentOf(b.currency())));
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** WinAnsi-safe text: control characters become spaces, anything beyond Latin-1 '?'. */
    static String safe(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 ? ' ' : (c < 0x7F || (c >= 0xA0 && c <= 0xFF)) ? c : '?');
        }
        return b.toString();
    }

    /** A cursor over landscape A4 pages: text lines and table rows, a new page when one is full. */
    private static final class Pages {
        private final PDDocument doc;
        private final List<PDPage> all = new ArrayList<>();
        private PDPageContentStream out;
        private float y;

        Pages(PDDocument doc) throws IOException {
            this.doc = doc;
            newPage();
        }

        private void newPage() throws IOException {
            if (out != null) {
                out.close();
            }
            PDRectangle a4 = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
            PDPage page = new PDPage(a4);
            doc.addPage(page);
            all.add(page);
            out = new PDPageContentStream(doc, page);
            y = a4.getHeight() - MARGIN;
        }

        void need(int lines) throws IOException {
            if (y - lines * LEADING < MARGIN) {
                newPage();
            }
        }

        void gap() {
            y -= LEADING / 2;
        }

        void text(PDType1Font font, float size, String text) throws IOException {
            need(1);
            y -= size + 3;
            show(font, size, MARGIN, text);
        }

        void row(PDType1Font font, float[] x, String... cells) throws IOException {
            need(1);
            y -= LEADING;
            for (int i = 0; i < cells.length && i < x.length; i++) {
                String cell = cells[i] == null ? "" : cells[i];
                float width = (i + 1 < x.length ? x[i + 1] - x[i] : USABLE_WIDTH - x[i]) - 4;
                show(font, SIZE, MARGIN + x[i], fit(font, cell, width));
            }
        }

        /** Cuts a cell to its column (a long id ends with ".."), so columns never overprint. */
        private static String fit(PDType1Font font, String text, float width) throws IOException {
            String s = safe(text);
            if (font.getStringWidth(s) / 1000 * SIZE <= width || s.length() < 4) {
                return s;
            }
            while (s.length() > 3 && font.getStringWidth(s + "..") / 1000 * SIZE > width) {
                s = s.substring(0, s.length() - 1);
            }
            return s + "..";
        }

        private void show(PDType1Font font, float size, float x, String text) throws IOException {
            out.beginText();
            out.setFont(font, size);
            out.newLineAtOffset(x, y);
            out.showText(safe(text));
            out.endText();
        }

        void close() throws IOException {
            out.close();
            float total = all.size();
            for (int i = 0; i < all.size(); i++) {
                try (PDPageContentStream footer = new PDPageContentStream(doc, all.get(i),
                        PDPageContentStream.AppendMode.APPEND, false)) {
                    footer.beginText();
                    footer.setFont(REGULAR, 7);
                    footer.newLineAtOffset(MARGIN, MARGIN / 2);
                    footer.showText("Page " + (i + 1) + " of " + (int) total);
                    footer.endText();
                }
            }
        }
    }
}
