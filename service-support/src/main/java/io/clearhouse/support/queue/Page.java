package io.clearhouse.support.queue;

import java.util.List;

/** One page of a list: its items, which page (from 0) of what size, and how many match in all. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
