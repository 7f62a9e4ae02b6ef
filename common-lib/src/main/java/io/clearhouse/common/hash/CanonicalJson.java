package io.clearhouse.common.hash;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministic JSON for hashing: object keys sorted by code point, no whitespace, null members
 * omitted, integers as plain digits, strings escaped minimally (the RFC 8785 rules for the value
 * kinds Clearhouse hashes). Money is always an integer of minor units, never a fraction, so the
 * number rules of RFC 8785 reduce to {@link Long#toString}.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            appendString(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Map<?, ?> map) {
            appendObject(out, map);
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                append(out, item);
                first = false;
            }
            out.append(']');
        } else if (value instanceof Enum<?> e) {
            appendString(out, e.name());
        } else {
            // BigDecimal, Instant, ...: callers decide the textual form explicitly.
            throw new IllegalArgumentException("not canonicalisable: " + value.getClass().getName());
        }
    }

    private static void appendObject(StringBuilder out, Map<?, ?> map) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                sorted.put(String.valueOf(k), v);
            }
        });
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            if (!first) {
                out.append(',');
            }
            appendString(out, e.getKey());
            out.append(':');
            append(out, e.getValue());
            first = false;
        }
        out.append('}');
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
