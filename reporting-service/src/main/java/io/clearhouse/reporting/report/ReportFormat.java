package io.clearhouse.reporting.report;

import java.util.Locale;

/** The three formats of a report, each with its media type and file extension. */
public enum ReportFormat {
    CSV("text/csv; charset=UTF-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    PDF("application/pdf", "pdf");

    private final String mediaType;
    private final String extension;

    ReportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** @return null when the text names no format */
    public static ReportFormat parse(String text) {
        if (text == null) {
            return null;
        }
        for (ReportFormat f : values()) {
            if (f.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }
}
