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
        return buffer[pos++];
    }

    /** Looks at the next character without consuming it, or -1 at the end of input. */
    protected final int peek() throws IOException {
        int c = read();
        if (c >= 0) {
            pos--;
        }
        return c;
    }

    /** The line the reader has reached (for errors that are not tied to one record). */
    final long currentLine() {
        return line;
    }
}
