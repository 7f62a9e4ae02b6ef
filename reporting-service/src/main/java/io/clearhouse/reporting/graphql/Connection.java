package io.clearhouse.reporting.graphql;

import java.util.List;
import java.util.function.Function;

/**
 * A Relay-style connection: one page of nodes with their cursors. Queries fetch {@code first + 1} rows
 * so that the extra row only says there is a next page.
 */
public record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo) {

    public record Edge<T>(String cursor, T node) {
    }

    /** {@code hasPreviousPage} is false: pages only go forward ({@code first}/{@code after}). */
    public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
    }

    static <T> Connection<T> empty() {
        return new Connection<>(List.of(), new PageInfo(false, false, null, null));
    }

    /** The page of {@code rows} (at most {@code first + 1} of them, in order) with each row's cursor. */
    static <T> Connection<T> of(List<T> rows, int first, Function<T, String> cursor) {
        boolean more = rows.size() > first;
        List<Edge<T>> edges = rows.stream().limit(first).map(r -> new Edge<>(cursor.apply(r), r)).toList();
        return new Connection<>(edges, new PageInfo(more, false,
                edges.isEmpty() ? null : edges.get(0).cursor(),
                edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
    }
}
