package io.clearhouse.reporting.graphql;

import io.clearhouse.support.problem.Problems;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Opaque cursors: the keyset of the row a page ended on, prefixed with the connection's kind, in
 * URL-safe Base64. A cursor of another connection, or anything not made here, is refused as
 * {@code after} (400), never guessed at.
 */
final class Cursors {

    /** Longer than any cursor made here (keys are ids of at most a few hundred characters). */
    static final int MAX_LENGTH = 2048;
    private static final String SEPARATOR = "\u001f";

    private Cursors() {
    }

    static String encode(String kind, Object... keys) {
        String plain = kind + SEPARATOR + Arrays.stream(keys).map(String::valueOf)
                .collect(Collectors.joining(SEPARATOR));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The keys of {@code after}, or null when there is none (the first page). */
    static List<String> decode(String kind, String after, int keys) {
        if (after == null) {
            return null;
        }
        if (after.isEmpty() || after.length() > MAX_LENGTH) {
            throw new Problems.Invalid("after", "is not a cursor of this connection");
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Problems.Invalid("after", "is not a cursor of this connection");
        }
        List<String> parts = List.of(plain.split(SEPARATOR, -1));
        if (parts.size() != keys + 1 || !parts.get(0).equals(kind)) {
            throw new Problems.Invalid("after", "is not a cursor of this connection");
        }
        return parts.subList(1, parts.size());
    }
}
