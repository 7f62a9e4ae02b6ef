package io.clearhouse.reconciliation.statement;

import java.io.IOException;
import java.io.Reader;

/** Reads one JSON document per line, each bounded in length; blank lines are skipped by the caller. */
final class JsonLinesReader extends RecordReader {

    /** One line's text, or why it could not be read whole. */
    record JsonLine(long line, String text, String error) {
    }

    private final int maxRecordChars;

    JsonLinesReader(Reader in, int maxRecordChars) {
        super(in);
        this.maxRecordChars = maxRecordChars;
    }

    JsonLine next() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        long start = line;
        StringBuilder sb = new StringBuilder(128);
        boolean tooLong = false;
        while (c >= 0 && c != '\n') {
            if (!tooLong) {
                if (sb.length() >= maxRecordChars) {
                    tooLong = true;
                } else if (c != '\r') {
                    sb.append((char) c);
                }
            }
            c = read();
        }
        if (c == '\n') {
            line++;
        }
        return tooLong
                ? new JsonLine(start, null, "line longer than " + maxRecordChars + " characters")
                : new JsonLine(start, sb.toString(), null);
    }
}
