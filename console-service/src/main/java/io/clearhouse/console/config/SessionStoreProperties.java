package io.clearhouse.console.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The console's session store: PostgreSQL (its own schema {@code console}) when {@code url} is set, the
 * console's memory otherwise (one instance; a restart signs everyone out).
 *
 * @param url               JDBC URL ({@code CLEARHOUSE_DB_URL}); blank: sessions in memory
 * @param username          the app role that reads and writes sessions ({@code console_app})
 * @param password          its password
 * @param migrateOnStart    apply the schema's Flyway history at start, as {@code migrationUser}; false where
 *                          a step of its own does it ({@code --clearhouse.migrate-only}, as every service)
 * @param migrationUser     the schema owner ({@code console_owner})
 * @param migrationPassword its password (given only to the migration step)
 * @param poolSize          connections at most: a page costs one session read and at most one write
 * @param connectTimeout    how long to wait for a connection
 */
@ConfigurationProperties("clearhouse.console.session")
public record SessionStoreProperties(String url, String username, String password, boolean migrateOnStart,
                                     String migrationUser, String migrationPassword, int poolSize,
                                     Duration connectTimeout) {

    /** The console's schema, as DatabaseBootstrap names it. */
    public static final String SCHEMA = "console";

    public SessionStoreProperties {
        username = username == null || username.isBlank() ? SCHEMA + "_app" : username;
        migrationUser = migrationUser == null || migrationUser.isBlank() ? SCHEMA + "_owner" : migrationUser;
        poolSize = poolSize < 1 ? 4 : Math.min(poolSize, 20);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    }

    public boolean jdbc() {
        return url != null && !url.isBlank();
    }
}
