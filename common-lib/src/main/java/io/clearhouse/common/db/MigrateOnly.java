package io.clearhouse.common.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A service's migrate-only mode: {@code java -jar <service>.jar --clearhouse.migrate-only} starts a
 * context holding only a DataSource and Flyway (the service's own {@code application.yml}: locations,
 * schema, placeholders, {@code spring.flyway.user/password} = the schema owner), applies the Flyway
 * history and exits. The launcher (and a deployment's migration Job) runs it as the owner first, then
 * starts the service with its app role's credentials only and {@code CLEARHOUSE_DB_MIGRATE_ON_START=false},
 * so the serving process never holds the password that could drop the audit trigger.
 */
public final class MigrateOnly {

    /** The argument that selects the mode. */
    public static final String ARGUMENT = "--clearhouse.migrate-only";

    private MigrateOnly() {
    }

    /** Whether the service was started to migrate only. */
    public static boolean requested(String[] args) {
        return Arrays.asList(args).contains(ARGUMENT);
    }

    /** Applies the service's migrations as {@code spring.flyway.user} and returns; throws when they fail. */
    public static void run(String[] args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.remove(ARGUMENT);
        // whatever the serving configuration says, this mode exists to migrate
        all.add("--spring.flyway.enabled=true");
        try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(Migrations.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false)
                .run(all.toArray(String[]::new))) {
            // Flyway migrated while the context started
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
    static class Migrations {
    }
}
