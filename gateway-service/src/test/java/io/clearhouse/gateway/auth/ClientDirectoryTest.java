package io.clearhouse.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** The client cache: one load per client at a time, refreshes in the background, invalidation wins. */
class ClientDirectoryTest {

    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Duration MAX_AGE = Duration.ofSeconds(30);

    /** The table, as far as the cache can tell: counts reads and can hold them until released. */
    private static final class Table extends ClientRepository {
        final AtomicReference<ApiClient> row = new AtomicReference<>(client(true));
        final AtomicInteger reads = new AtomicInteger();
        final AtomicBoolean hold = new AtomicBoolean();
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(1);

        Table() {
            super(null);
        }

        @Override
        Optional<ApiClient> find(String clientId) {
            reads.incrementAndGet();
            ApiClient read = row.get(); // what the query saw, before it is held
            if (hold.get()) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Optional.ofNullable(read);
        }

        void holdReads() {
            entered = new CountDownLatch(1);
            release = new CountDownLatch(1);
            hold.set(true);
        }
    }

    private static ApiClient client(boolean enabled) {
        return new ApiClient("c-1", "hash", Role.FINANCE, null, null, List.of(), 50, 200, enabled, "test",
                Instant.EPOCH);
    }

    private final Table table = new Table();
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    /** The JDBC threads; the cache also finishes its bookkeeping of a completed load on them. */
    private final ThreadPoolExecutor jdbc = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>());
    private final ClientDirectory directory = new ClientDirectory(table, jdbc, REFRESH, MAX_AGE, ticker);

    @AfterEach
    void stop() {
        table.release.countDown();
        jdbc.shutdownNow();
    }

    private ApiClient find() {
        return directory.find("c-1").block(Duration.ofSeconds(5)).orElseThrow();
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    /**
     * Waits until every load has finished on its thread, including the cache's own completion step,
     * which stamps the entry's write time from the ticker. {@link #find()} returns as soon as the
     * value is there, possibly before that step: moving the ticker in between stamped the entry with
     * the moved time, so it looked fresh past its maximum age (the flaky
     * {@code anEntryOlderThanTheMaximumAgeIsNeverServed}). With the system ticker the stamp is taken
     * microseconds after the load, so the product's bound holds; the test's jump in time needs the wait.
     */
    private void settle() {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.getCompletedTaskCount() == jdbc.getTaskCount() && jdbc.getActiveCount() == 0);
    }

    @Test
    void concurrentRequestsForAnUncachedClientShareOneLoad() throws Exception {
        table.holdReads();
        List<CompletableFuture<Optional<ApiClient>>> waiting = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiting.add(directory.find("c-1").toFuture());
        }
        assertThat(table.entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(waiting).noneMatch(CompletableFuture::isDone);
        table.release.countDown();
        for (CompletableFuture<Optional<ApiClient>> f : waiting) {
            assertThat(f.get(5, TimeUnit.SECONDS)).hasValue(client(true));
        }
        assertThat(table.reads).hasValue(1);
        assertThat(find()).isEqualTo(client(true));
        assertThat(table.reads).hasValue(1);
    }

    @Test
    void aCancelledRequestDoesNotCancelTheLoadOthersShare() throws Exception {
        table.holdReads();
        Disposable cancelled = directory.find("c-1").subscribe();
        assertThat(table.entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Optional<ApiClient>> other = directory.find("c-1").toFuture();
        cancelled.dispose();
        table.release.countDown();
        assertThat(other.get(5, TimeUnit.SECONDS)).hasValue(client(true));
        assertThat(table.reads).hasValue(1);
    }

    @Test
    void anEntryDueForRefreshIsServedWhileOneRefreshRuns() throws Exception {
        assertThat(find().enabled()).isTrue();
        settle();
        table.row.set(client(false));
        advance(REFRESH.plusSeconds(1));
        table.holdReads();
        for (int i = 0; i < 20; i++) {
            assertThat(find().enabled()).as("the cached entry, without waiting for the refresh").isTrue();
        }
        assertThat(table.entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(table.reads).as("the first load and one refresh").hasValue(2);
        table.release.countDown();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(find().enabled()).isFalse());
        assertThat(table.reads).hasValue(2);
    }

    @Test
    void anEntryOlderThanTheMaximumAgeIsNeverServed() {
        assertThat(find().enabled()).isTrue();
        settle();
        table.row.set(client(false));
        advance(MAX_AGE.plusSeconds(1));
        assertThat(find().enabled()).isFalse();
        assertThat(table.reads).hasValue(2);
    }

    @Test
    void invalidationIsSeenAtOnceAndDiscardsARefreshThatReadTheOldRow() throws Exception {
        assertThat(find().enabled()).isTrue();
        settle();
        advance(REFRESH.plusSeconds(1));
        table.holdReads();
        assertThat(find().enabled()).isTrue(); // starts a refresh that reads the enabled row, then is held
        assertThat(table.entered.await(5, TimeUnit.SECONDS)).isTrue();

        table.hold.set(false);
        table.row.set(client(false)); // the admin change commits ...
        directory.invalidate("c-1"); // ... and then drops the entry
        assertThat(find().enabled()).as("read again after the invalidation").isFalse();

        table.release.countDown(); // the stale refresh completes now
        settle();
        assertThat(find().enabled()).as("the stale refresh was discarded").isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(find().enabled()).isFalse();
    }

    @Test
    void anUnknownClientIdIsCachedAsUnknownSoRepeatedGuessesCostOneQuery() {
        table.row.set(null);
        for (int i = 0; i < 20; i++) {
            assertThat(directory.find("c-1").block(Duration.ofSeconds(5))).isEmpty();
        }
        assertThat(table.reads).hasValue(1);
    }

    @Test
    void refusesAMaximumAgeNotLongerThanTheRefreshInterval() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClientDirectory(table, jdbc, MAX_AGE, REFRESH,
                ticker)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache-max-age");
    }
}
