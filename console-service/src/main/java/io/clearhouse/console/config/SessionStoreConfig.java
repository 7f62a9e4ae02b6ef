package io.clearhouse.console.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.config.annotation.SpringSessionDataSource;
import org.springframework.session.jdbc.config.annotation.web.http.EnableJdbcHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Sessions in PostgreSQL (Spring Session JDBC, the console's own schema) when the console is given a
 * database ({@code CLEARHOUSE_DB_URL}): a restart keeps everyone signed in, and every replica finds every
 * session, so the console runs more than one (docs/decisions/console-sessions.md). The session cookie keeps
 * the container session's settings ({@code CONSOLE_SESSION}, HttpOnly, SameSite=Strict, Secure when the
 * request as forwarded is HTTPS, path = context path) and the idle timeout
 * ({@code server.servlet.session.timeout}). Without a database, the container's in-memory sessions.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SessionStoreConfig.Jdbc.class)
@EnableJdbcHttpSession
class SessionStoreConfig {

    /** The session cookie's name, as the container's (and sign-out's cookie deletion) has it. */
    static final String COOKIE = "CONSOLE_SESSION";

    @Bean
    @SpringSessionDataSource
    HikariDataSource sessionDataSource(SessionStoreProperties props) {
        if (props.migrateOnStart()) {
            migrate(props);
        }
        HikariConfig c = new HikariConfig();
        c.setPoolName("console-sessions");
        c.setJdbcUrl(props.url());
        c.setUsername(props.username());
        c.setPassword(props.password());
        c.setSchema(SessionStoreProperties.SCHEMA);
        c.setMaximumPoolSize(props.poolSize());
        c.setConnectionTimeout(props.connectTimeout().toMillis());
        // a session read or write is one small row: no statement or lock wait without bound. A page writes its
        // session (last access, flash message) on every request: it does not wait for the WAL flush or a
        // synchronous replica, since losing the last moment's session writes in a crash or failover only
        // signs someone out or drops a flash message (no money, no audit lives here)
        c.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, props.connectTimeout().toSeconds())));
        c.addDataSourceProperty("socketTimeout", "30");
        c.addDataSourceProperty("options", "-c lock_timeout=5s -c statement_timeout=10s -c synchronous_commit=off");
        return new HikariDataSource(c);
    }

    @Bean
    PlatformTransactionManager sessionTransactionManager(HikariDataSource sessionDataSource) {
        return new DataSourceTransactionManager(sessionDataSource);
    }

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionIdleTimeout(
            @Value("${server.servlet.session.timeout:30m}") Duration idle) {
        return repository -> repository.setDefaultMaxInactiveInterval(idle);
    }

    @Bean
    CookieSerializer sessionCookie() {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(COOKIE);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Strict");
        return cookie;
    }

    /** Applies the schema's Flyway history as its owner (the app role gets only the grants it needs). */
    static void migrate(SessionStoreProperties props) {
        Flyway.configure()
                .dataSource(props.url(), props.migrationUser(), props.migrationPassword())
                .schemas(SessionStoreProperties.SCHEMA)
                .defaultSchema(SessionStoreProperties.SCHEMA)
                .createSchemas(false)
                .locations("classpath:db/console")
                .placeholders(Map.of("app_role", props.username()))
                .load()
                .migrate();
    }

    /** On when {@code clearhouse.console.session.url} is set. */
    static final class Jdbc implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("clearhouse.console.session.url");
            return url != null && !url.isBlank();
        }
    }
}
