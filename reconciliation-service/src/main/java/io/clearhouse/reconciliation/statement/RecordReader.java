package io.clearhouse.reconciliation.statement;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads characters in blocks and tracks the physical line number, for the CSV and JSON-lines
 * readers. Never holds more than one block plus one (bounded) record.
 */
abstract class RecordReader {

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private int lastRead = -1;
    /** Physical line of the next character (1-based). */
    protected long line = 1;

    RecordReader(Reader in) {
        this.in = in;
    }

    /** The next character, or -1 at the end of input. */
    protected final int read() throws IOException {
        if (pos == limit) {
            if (eof) {
                return -1;
            }
            int n;
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                eof = true;
                return -1;
            }
            pos = 0;
            limit = n;
        }
        lastRead = buffer[pos++];
        return lastRead;
    }

    /** Looks at the next character without consuming it, or -1 at the end of input. */
    protected final int peek() throws IOException {
        int before = lastRead;
        int c = read();
        if (c >= 0) {
            pos--;
        }
        lastRead = before;
        return c;
    }

    /**
     * True when the input is exhausted and its last character was not a line end: the record just
     * read is the last one and was not terminated (a sign of a file cut off in transfer).
     */
    final boolean endedWithoutLineEnd() throws IOException {
        return peek() < 0 && lastRead >= 0 && lastRead != '\n' && lastRead != '\r';
    }

    /** The line the reader has reached (for errors that are not tied to one record). */
    final long currentLine() {
        return line;
    }
}
