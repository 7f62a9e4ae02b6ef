package io.clearhouse.common.db;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Writes a consumed batch so that one record the database refuses never blocks a partition. The
 * batch is written in one database transaction; should the database refuse the data itself
 * ({@link SqlErrors#isDataError}: SQLSTATE class 22 or 23), retrying the same batch would fail
 * forever, so the entries are written again in two halves, in order (a partition's records keep
 * their order), until the one record at fault is alone. It is tried once more alone (a race with
 * another writer resolves there), then handed to {@code deadLetter} with the database's reason, and
 * the others are written with their offsets. One bad record in n costs about 2·log2(n) transactions.
 * Any other error (connection, serialization, deadlock, timeouts, permissions) escapes unchanged for
 * the container's error handler to retry without end.
 */
public final class PoisonIsolation {

    private PoisonIsolation() {
    }

    /**
     * @param entries     the batch in consumption order (entries without data still advance offsets)
     * @param carriesData whether an entry has data to write (false: skipped or already dead-lettered)
     * @param write       writes a contiguous run of entries in one database transaction, all or nothing
     * @param deadLetter  publishes the entry at fault with the reason (waiting for the broker) and returns
     *                    it without data, so that its offset still advances
     */
    public static <E> void write(List<E> entries, Predicate<E> carriesData, Consumer<List<E>> write,
                                 BiFunction<E, String, E> deadLetter) {
        try {
            write.accept(entries);
        } catch (RuntimeException e) {
            if (!SqlErrors.isDataError(e)) {
                throw e;
            }
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                if (carriesData.test(entries.get(i))) {
                    candidates.add(i);
                }
            }
            if (candidates.isEmpty()) {
                throw e;   // no record to blame
            }
            if (candidates.size() == 1) {
                try {
                    write.accept(entries);
                } catch (RuntimeException again) {
                    if (!SqlErrors.isDataError(again)) {
                        throw again;
                    }
                    int at = candidates.get(0);
                    List<E> rest = new ArrayList<>(entries);
                    rest.set(at, deadLetter.apply(entries.get(at), SqlErrors.reason(again)));
                    write.accept(rest);
                }
                return;
            }
            int split = candidates.get(candidates.size() / 2);
            write(entries.subList(0, split), carriesData, write, deadLetter);
            write(entries.subList(split, entries.size()), carriesData, write, deadLetter);
        }
    }
}
