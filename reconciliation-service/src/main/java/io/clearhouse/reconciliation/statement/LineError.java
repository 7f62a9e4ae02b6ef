package io.clearhouse.reconciliation.statement;

/**
 * Why one statement line was not loaded.
 *
 * @param line   physical line number in the file (1 = first line, the header in a CSV)
 * @param column the header (CSV) or key (JSON) at fault, or null when the whole line is
 */
public record LineError(long line, String column, String reason) {

    /** A column name (from the file's header or keys) is cut after this many characters. */
    static final int COLUMN_CHARS_MAX = 200;

    /**
     * Column and reason quote the file, which may hold anything: control characters (a NUL failed the
     * INSERT of the errors, a 500, found by HostileStatementPropertyIT) and unpaired surrogates become
     * U+FFFD, and a column name is cut, so that an error can always be stored and shown.
     */
    public LineError {
        column = printable(column, COLUMN_CHARS_MAX);
        reason = printable(reason, Integer.MAX_VALUE);
    }

    private static String printable(String s, int max) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        s.codePoints().limit(max).forEach(c -> b.appendCodePoint(
                c < 0x20 || c == 0x7F || (c >= 0xD800 && c <= 0xDFFF) ? 0xFFFD : c));
        return b.toString();
    }
}
