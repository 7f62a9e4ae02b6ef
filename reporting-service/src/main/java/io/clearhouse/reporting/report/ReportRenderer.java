package io.clearhouse.reporting.report;

/** One report in one format: the same figures in each. */
public final class ReportRenderer {

    private ReportRenderer() {
    }

    public static byte[] render(DailyReport report, ReportFormat format) {
        return switch (format) {
            case CSV -> CsvReportWriter.write(report);
            case XLSX -> XlsxReportWriter.write(report);
            case PDF -> PdfReportWriter.write(report);
        };
    }
}
