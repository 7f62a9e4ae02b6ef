package io.clearhouse.console.config;

import io.clearhouse.common.db.MigrateOnly;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The console's migrate-only mode, as every service's ({@link MigrateOnly}): {@code java -jar
 * console-service.jar --clearhouse.migrate-only} applies the session schema's Flyway history as its owner
 * ({@code CLEARHOUSE_DB_MIGRATION_USER/PASSWORD}) and exits; the console then runs as its app role only.
 */
public final class SessionSchema {

    private SessionSchema() {
    }

    public static boolean requested(String[] args) {
        // the constant is inlined: MigrateOnly itself (which needs Boot's JDBC modules) is never loaded
        return Arrays.asList(args).contains(MigrateOnly.ARGUMENT);
    }

    /** Migrates, then returns; throws when there is no database to migrate or the migration fails. */
    public static void migrate(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        rest.remove(MigrateOnly.ARGUMENT);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Properties.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false)
                .run(rest.toArray(String[]::new))) {
            SessionStoreProperties props = context.getBean(SessionStoreProperties.class);
            if (!props.jdbc()) {
                throw new IllegalStateException("nothing to migrate: CLEARHOUSE_DB_URL is not set");
            }
            SessionStoreConfig.migrate(props);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SessionStoreProperties.class)
    static class Properties {
    }
}
