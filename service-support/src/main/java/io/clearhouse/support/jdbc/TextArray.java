package io.clearhouse.support.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.util.PGBinaryObject;
import org.postgresql.util.PGobject;

/**
 * A {@code text[]} statement parameter in PostgreSQL's binary array form, written straight into the one
 * buffer of its exact size the driver allocates (ASCII text char by char, without an intermediate copy). The driver's own encoding of a {@code String[]}
 * ({@code createArrayOf("text", …)}, or a {@code String[]} given to {@code setObject}) grows a
 * {@code ByteArrayOutputStream} element by element: on ingest's batches of 1,000 rows (a few dozen
 * such arrays per batch, the outbox's payloads among them) that copying was 16–20 % of ingest's CPU.
 * The elements are sent exactly as the driver sends them (UTF-8, a null element as SQL NULL), so a
 * statement reads them the same; should the connection not send arrays in binary, {@link #getValue()}
 * gives the array literal instead.
 */
public final class TextArray extends PGobject implements PGBinaryObject {

    private static final long serialVersionUID = 1L;
    private static final int TEXT_OID = 25;

    private final String[] values;
    /** Each element's length in UTF-8 bytes, -1 for a NULL element; equal to its {@code length()} when it is ASCII. */
    private final int[] lengths;
    private final int length;

    /** The array of these values, in order; a null value is a NULL element. */
    public TextArray(String[] values) {
        this.values = values.clone();
        this.type = "text[]";
        this.lengths = new int[values.length];
        // header: dimensions, has-nulls flag, element type; one dimension: its length and lower bound
        int n = values.length == 0 ? 12 : 20;
        for (int i = 0; i < values.length; i++) {
            lengths[i] = values[i] == null ? -1 : utf8Length(values[i]);
            n += 4 + Math.max(0, lengths[i]);
        }
        this.length = n;
    }

    /** Without encoding an ASCII string (nearly every value here): only text beyond ASCII is encoded to measure it. */
    private static int utf8Length(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return s.length();
    }

    @Override
    public int lengthInBytes() {
        return length;
    }

    @Override
    public void toBytes(byte[] bytes, int offset) {
        int at = offset;
        boolean nulls = false;
        for (int l : lengths) {
            nulls |= l < 0;
        }
        at = int4(bytes, at, values.length == 0 ? 0 : 1);
        at = int4(bytes, at, nulls ? 1 : 0);
        at = int4(bytes, at, TEXT_OID);
        if (values.length == 0) {
            return;
        }
        at = int4(bytes, at, values.length);
        at = int4(bytes, at, 1);
        for (int i = 0; i < values.length; i++) {
            at = int4(bytes, at, lengths[i]);
            String v = values[i];
            if (v == null) {
                continue;
            }
            if (lengths[i] == v.length()) {
                // ASCII: one byte per char, written in place
                for (int c = 0; c < v.length(); c++) {
                    bytes[at + c] = (byte) v.charAt(c);
                }
            } else {
                byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, bytes, at, utf8.length);
            }
            at += lengths[i];
        }
    }

    private static int int4(byte[] bytes, int at, int v) {
        bytes[at] = (byte) (v >>> 24);
        bytes[at + 1] = (byte) (v >>> 16);
        bytes[at + 2] = (byte) (v >>> 8);
        bytes[at + 3] = (byte) v;
        return at + 4;
    }

    /** Parameters only: nothing reads a {@code TextArray} back. */
    @Override
    public void setByteValue(byte[] value, int offset) throws SQLException {
        throw new SQLException("TextArray is a statement parameter only");
    }

    /** The array literal ({@code {"a","b",NULL}}), for a connection that sends arrays as text. */
    @Override
    public String getValue() {
        StringBuilder s = new StringBuilder(length + 2 * values.length).append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            String v = values[i];
            if (v == null) {
                s.append("NULL");
                continue;
            }
            s.append('"');
            for (int c = 0; c < v.length(); c++) {
                char ch = v.charAt(c);
                if (ch == '"' || ch == '\\') {
                    s.append('\\');
                }
                s.append(ch);
            }
            s.append('"');
        }
        return s.append('}').toString();
    }

    @Override
    public void setValue(String value) throws SQLException {
        throw new SQLException("TextArray is a statement parameter only");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextArray other && java.util.Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(values);
    }

    @Override
    public TextArray clone() {
        return new TextArray(values);
    }
}
