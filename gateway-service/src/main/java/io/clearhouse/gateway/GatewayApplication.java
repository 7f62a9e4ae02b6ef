package io.clearhouse.gateway;

import io.clearhouse.common.db.MigrateOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The only public entry of Clearhouse. */
@SpringBootApplication
public class GatewayApplication {

    /**
     * Reactor Netty 1.3.6 can lose the read of a keep-alive request that arrives while the previous
     * exchange is still finishing (reactor/reactor-netty#4347, #4361): the client then waits for ever.
     * With this on, such a request is dispatched at once. Read once, when the server classes load: set
     * before anything starts (the gateway's tests set it in the pom).
     */
    static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

    public static void main(String[] args) {
        if (System.getProperty(LAST_FLUSH_WHEN_NO_READ) == null) {
            System.setProperty(LAST_FLUSH_WHEN_NO_READ, "true");
        }
        if (MigrateOnly.requested(args)) {
            MigrateOnly.run(args); // as the schema owner, then exit: the service itself runs as its app role
            return;
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
