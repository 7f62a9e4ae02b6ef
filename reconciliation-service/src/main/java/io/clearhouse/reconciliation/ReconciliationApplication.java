package io.clearhouse.reconciliation;

import io.clearhouse.common.db.MigrateOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Reconciles provider statements against what ingest recorded. */
@SpringBootApplication
public class ReconciliationApplication {

    public static void main(String[] args) {
        if (MigrateOnly.requested(args)) {
            MigrateOnly.run(args); // as the schema owner, then exit: the service itself runs as its app role
            return;
        }
        SpringApplication.run(ReconciliationApplication.class, args);
    }
}
