package io.clearhouse.ingest.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Whole-ledger reads ({@code audit verify}, inclusion proofs) on a small pool of their own
 * ({@code clearhouse.ingest.heavy-reads.pool-size}, 2; application name {@code ingest-heavy-reads}),
 * never the consumers' connections, and each at most one at a time: a second request while one runs
 * is answered 429 problem+json with {@code Retry-After}, not queued. Their statements may run longer
 * than the consumers' ({@code statement-timeout}, 15 min), never without bound.
 */
@Component
public class HeavyReads implements DisposableBean {

    static final String APPLICATION_NAME = "ingest-heavy-reads";

    private final HikariDataSource pool;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final Map<String, Semaphore> running = new ConcurrentHashMap<>();

    HeavyReads(@Value("${spring.datasource.url}") String url,
               @Value("${spring.datasource.username}") String user,
               @Value("${spring.datasource.password:}") String password,
               @Value("${spring.datasource.hikari.schema:ingest}") String schema,
               @Value("${clearhouse.ingest.heavy-reads.pool-size:2}") int poolSize,
               @Value("${clearhouse.ingest.heavy-reads.statement-timeout:15min}") String statementTimeout,
               @Value("${CLEARHOUSE_DB_LOCK_TIMEOUT:10s}") String lockTimeout,
               @Value("${CLEARHOUSE_DB_CONNECT_TIMEOUT_S:10}") int connectTimeoutS,
               @Value("${clearhouse.ingest.heavy-reads.socket-timeout-s:1200}") int socketTimeoutS) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(APPLICATION_NAME);
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setSchema(schema);
        c.setMaximumPoolSize(poolSize);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(10_000);
        c.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        c.addDataSourceProperty("connectTimeout", String.valueOf(connectTimeoutS));
        c.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeoutS));
        c.addDataSourceProperty("options", "-c lock_timeout=" + lockTimeout + " -c statement_timeout=" + statementTimeout);
        this.pool = new HikariDataSource(c);
        this.jdbc = new JdbcTemplate(pool);
        this.snapshot = new TransactionTemplate(new DataSourceTransactionManager(pool));
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
    }

    /** A template on this pool (callers set their own fetch size on a copy). */
    JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Runs {@code work} in one read-only, repeatable-read snapshot on this pool. */
    <T> T inSnapshot(Supplier<T> work) {
        return snapshot.execute(status -> work.get());
    }

    /** Runs {@code work} unless another {@code what} is running, in which case 429 problem+json. */
    public <T> T exclusive(String what, Supplier<T> work) {
        Semaphore s = running.computeIfAbsent(what, w -> new Semaphore(1));
        if (!s.tryAcquire()) {
            throw new Busy(what);
        }
        try {
            return work.get();
        } finally {
            s.release();
        }
    }

    /** The pool, for a read of this package that may be long (inclusion proofs), same limits. */
    JdbcTemplate template() {
        return jdbc;
    }

    @Override
    public void destroy() {
        pool.close();
    }

    /** 429: one is already running; try again later. */
    static final class Busy extends ErrorResponseException {

        Busy(String what) {
            super(HttpStatus.TOO_MANY_REQUESTS, problem(what), null);
            getHeaders().set(HttpHeaders.RETRY_AFTER, "30");
        }

        private static ProblemDetail problem(String what) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                    what + " is already running; one at a time (it reads the whole ledger): try again later");
            p.setType(URI.create("https://clearhouse.io/problems/already-running"));
            p.setTitle("Already running");
            return p;
        }
    }
}
