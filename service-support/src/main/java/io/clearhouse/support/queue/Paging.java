package io.clearhouse.support.queue;

import io.clearhouse.support.problem.Problems;

/** The paging parameters of a list, each refusal a 400 naming the parameter. */
public final class Paging {

    private Paging() {
    }

    /** {@code page} when 0 to {@code max}; a page beyond reads rows the database must skip first. */
    public static int page(int page, int max) {
        if (page < 0 || page > max) {
            throw new Problems.Invalid("page", "must be between 0 and " + max);
        }
        return page;
    }

    /** {@code size} when 1 to {@code max}. */
    public static int size(int size, int max) {
        if (size < 1 || size > max) {
            throw new Problems.Invalid("size", "must be between 1 and " + max);
        }
        return size;
    }
}
