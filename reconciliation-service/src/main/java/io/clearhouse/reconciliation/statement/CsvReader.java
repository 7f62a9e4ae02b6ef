package io.clearhouse.reconciliation.statement;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: fields separated by a delimiter, optionally enclosed in double
 * quotes (a quote inside doubled), records ended by CRLF or LF, line breaks allowed inside quotes.
 * Records longer than a bound are reported, skipped to the end of their line, and never buffered
 * whole. An unterminated quote at the end of input means the file was cut off: that rejects it.
 */
final class CsvReader extends RecordReader {

    /** One record: its first physical line, its fields, or why it could not be read. */
    record CsvRecord(long line, List<String> fields, String error) {
        boolean blank() {
            return error == null && fields.size() == 1 && fields.get(0).isEmpty();
        }
    }

    private final char delimiter;
    private final int maxRecordChars;
    /**
     * The characters of the field being read (reused for every field): a plain array store per character
     * instead of StringBuilder.append's capacity and coder checks, the reader's largest cost on a
     * million-line statement; grows at most to the record bound.
     */
    private char[] field = new char[64];
    private int fieldLength;

    CsvReader(Reader in, char delimiter, int maxRecordChars) {
        super(in);
        this.delimiter = delimiter;
        this.maxRecordChars = maxRecordChars;
    }

    /**
     * @return the next record, or null at the end of input
     * @throws StatementRejectedException when the input ends inside a quoted field
     */
    CsvRecord next() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>(16);
        fieldLength = 0;
        int recordChars = 0;
        String error = null;
        while (true) {
            if (c == '"' && fieldLength == 0) {
                // quoted field
                while (true) {
                    c = read();
                    if (c < 0) {
                        throw new StatementRejectedException("file is truncated: quoted field opened on line "
                                + start + " never closes");
                    }
                    if (c == '"') {
                        if (peek() == '"') {
                            read();
                            append('"');
                        } else {
                            break;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        append((char) c);
                    }
                    if (++recordChars > maxRecordChars) {
                        return skipRest(start, "record longer than " + maxRecordChars + " characters");
                    }
                }
                c = read();
                if (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    error = "unexpected character after closing quote";
                    return skipRestWith(start, c, error);
                }
                continue;
            }
            if (c < 0 || c == '\n' || c == '\r') {
                fields.add(new String(field, 0, fieldLength));
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c >= 0) {
                    line++;
                }
                return new CsvRecord(start, fields, null);
            }
            if (c == delimiter) {
                fields.add(new String(field, 0, fieldLength));
                fieldLength = 0;
            } else if (c == '"') {
                return skipRestWith(start, c, "quote inside an unquoted field");
            } else {
                append((char) c);
            }
            if (++recordChars > maxRecordChars) {
                return skipRest(start, "record longer than " + maxRecordChars + " characters");
            }
            c = read();
        }
    }

    private void append(char c) {
        if (fieldLength == field.length) {
            field = java.util.Arrays.copyOf(field, field.length * 2);
        }
        field[fieldLength++] = c;
    }

    private CsvRecord skipRestWith(long start, int c, String error) throws IOException {
        if (c == '\n') {
            line++;
            return new CsvRecord(start, List.of(), error);
        }
        return skipRest(start, error);
    }

    /** Drops the rest of the physical line after an unreadable record. */
    private CsvRecord skipRest(long start, String error) throws IOException {
        int c;
        do {
            c = read();
        } while (c >= 0 && c != '\n');
        if (c == '\n') {
            line++;
        }
        return new CsvRecord(start, List.of(), error);
    }
}
