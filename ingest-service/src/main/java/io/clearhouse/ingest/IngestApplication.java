package io.clearhouse.ingest;

import io.clearhouse.common.db.MigrateOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Records every provider transaction exactly once. */
@SpringBootApplication
public class IngestApplication {

    public static void main(String[] args) {
        if (MigrateOnly.requested(args)) {
            MigrateOnly.run(args); // as the schema owner, then exit: the service itself runs as its app role
            return;
        }
        SpringApplication.run(IngestApplication.class, args);
    }
}
