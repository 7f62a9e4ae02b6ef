package io.clearhouse.support.queue;

import io.clearhouse.support.problem.Problems;
import java.util.Map;

/**
 * A list's {@code sort} parameter, {@code field} or {@code field,desc}, read against the fields a list
 * may be sorted by (API name to column): anything else is refused, never concatenated into SQL.
 */
public record Sort(String field, String column, boolean descending) {

    /** The sort named by {@code sort}, or 400 naming {@code sort} and listing the fields. */
    public static Sort of(String sort, Map<String, String> sortable) {
        String[] parts = sort.split(",");
        String field = parts[0].trim();
        if (!sortable.containsKey(field)) {
            throw new Problems.Invalid("sort", "must be one of " + sortable.keySet());
        }
        return new Sort(field, sortable.get(field), parts.length > 1 && "desc".equalsIgnoreCase(parts[1].trim()));
    }

    /** The ORDER BY list: the column, then {@code id} the same way, so that pages never overlap. */
    public String orderBy() {
        String direction = descending ? " DESC" : " ASC";
        return column + direction + ("id".equals(field) ? "" : ", id" + direction);
    }
}
