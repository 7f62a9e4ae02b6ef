package io.clearhouse.settlement;

import io.clearhouse.common.db.MigrateOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Settles with every provider under its contract. */
@SpringBootApplication
public class SettlementApplication {

    public static void main(String[] args) {
        if (MigrateOnly.requested(args)) {
            MigrateOnly.run(args); // as the schema owner, then exit: the service itself runs as its app role
            return;
        }
        SpringApplication.run(SettlementApplication.class, args);
    }
}
