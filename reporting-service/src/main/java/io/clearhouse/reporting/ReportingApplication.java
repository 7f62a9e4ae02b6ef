package io.clearhouse.reporting;

import io.clearhouse.common.db.MigrateOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Finance read models, reports and notifications. */
@SpringBootApplication
public class ReportingApplication {

    public static void main(String[] args) {
        if (MigrateOnly.requested(args)) {
            MigrateOnly.run(args); // as the schema owner, then exit: the service itself runs as its app role
            return;
        }
        SpringApplication.run(ReportingApplication.class, args);
    }
}
