package io.clearhouse.reconciliation.statement;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link CsvReader} as it was before it collected a field's characters in a char array instead of a
 * StringBuilder: the reference {@code CsvReaderProperties} holds the reader to, record for record.
 */
final class CsvReaderBefore extends RecordReader {

    private final char delimiter;
    private final int maxRecordChars;

    CsvReaderBefore(Reader in, char delimiter, int maxRecordChars) {
        super(in);
        this.delimiter = delimiter;
        this.maxRecordChars = maxRecordChars;
    }

    /**
     * @return the next record, or null at the end of input
     * @throws StatementRejectedException when the input ends inside a quoted field
     */
    CsvReader.CsvRecord next() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>(16);
        StringBuilder field = new StringBuilder(32);
        int recordChars = 0;
        String error = null;
        while (true) {
            if (c == '"' && field.isEmpty()) {
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
                            field.append('"');
                        } else {
                            break;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
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
                fields.add(field.toString());
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c >= 0) {
                    line++;
                }
                return new CsvReader.CsvRecord(start, fields, null);
            }
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '"') {
                return skipRestWith(start, c, "quote inside an unquoted field");
            } else {
                field.append((char) c);
            }
            if (++recordChars > maxRecordChars) {
                return skipRest(start, "record longer than " + maxRecordChars + " characters");
            }
            c = read();
        }
    }

    private CsvReader.CsvRecord skipRestWith(long start, int c, String error) throws IOException {
        if (c == '\n') {
            line++;
            return new CsvReader.CsvRecord(start, List.of(), error);
        }
        return skipRest(start, error);
    }

    /** Drops the rest of the physical line after an unreadable record. */
    private CsvReader.CsvRecord skipRest(long start, String error) throws IOException {
        int c;
        do {
            c = read();
        } while (c >= 0 && c != '\n');
        if (c == '\n') {
            line++;
        }
        return new CsvReader.CsvRecord(start, List.of(), error);
    }
}
