package io.clearhouse.console;

import io.clearhouse.console.config.SessionSchema;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The back-office console: server-rendered pages over the gateway's APIs (docs/decisions/console.md). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

    public static void main(String[] args) {
        if (SessionSchema.requested(args)) {
            SessionSchema.migrate(args); // as the schema owner, then exit: the console itself runs as its app role
            return;
        }
        SpringApplication.run(ConsoleApplication.class, args);
    }
}
