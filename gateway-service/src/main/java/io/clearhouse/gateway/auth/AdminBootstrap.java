package io.clearhouse.gateway.auth;

import io.clearhouse.common.io.OwnerOnlyFile;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The first ADMIN client, one of two ways:
 * <ul>
 * <li>Deployments (Kubernetes, docker-compose): {@code clearhouse.gateway.bootstrap-admin.secret}
 * (from a Secret, {@code CLEARHOUSE_GATEWAY_BOOTSTRAP_ADMIN_SECRET}, 32+ characters) creates the
 * client {@code bootstrap-admin.client-id} with that secret if no client of that id exists, and
 * otherwise changes nothing: any number of replicas may start with it, and a secret rotated through
 * the API stays rotated. Nothing is written to disk.</li>
 * <li>The embedded stack (data directory, no bootstrap secret): makes sure an {@code admin} client
 * exists whose credentials are in {@code <data-dir>/admin-client.properties}, readable only by the
 * owner. Creates it on first start; if the file was lost or no longer matches, issues a new secret
 * and rewrites it.</li>
 * </ul>
 * The secret is never logged. With neither, nothing happens.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    static final String CLIENT_ID = "admin";
    static final String FILE = "admin-client.properties";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final ClientAdmin admin;
    private final ClientRepository repository;
    private final BCryptPasswordEncoder encoder;
    static final int MIN_SECRET_LENGTH = 32;

    private final String dataDir;
    private final String bootstrapClientId;
    private final String bootstrapSecret;

    AdminBootstrap(ClientAdmin admin, ClientRepository repository, BCryptPasswordEncoder encoder,
                   @Value("${clearhouse.gateway.data-dir:}") String dataDir,
                   @Value("${clearhouse.gateway.bootstrap-admin.client-id:admin}") String bootstrapClientId,
                   @Value("${clearhouse.gateway.bootstrap-admin.secret:}") String bootstrapSecret) {
        this.admin = admin;
        this.repository = repository;
        this.encoder = encoder;
        this.dataDir = dataDir;
        this.bootstrapClientId = bootstrapClientId;
        this.bootstrapSecret = bootstrapSecret;
        if (bootstrapSecret != null && !bootstrapSecret.isEmpty() && bootstrapSecret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("clearhouse.gateway.bootstrap-admin.secret must have at least "
                    + MIN_SECRET_LENGTH + " characters");
        }
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (bootstrapSecret != null && !bootstrapSecret.isEmpty()) {
            boolean created = admin.createIfAbsent(new NewClient(bootstrapClientId, Role.ADMIN, null, null, null, null,
                    "first ADMIN, from the deployment's bootstrap secret"), bootstrapSecret, "gateway-bootstrap");
            if (created) {
                log.info("Bootstrap ADMIN client '{}' created from the configured secret", bootstrapClientId);
            }
            return;
        }
        if (dataDir == null || dataDir.isBlank()) {
            return;
        }
        Path file = Path.of(dataDir).resolve(FILE);
        Properties saved = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                saved.load(r);
            }
        }
        String secret = saved.getProperty("client_secret");
        var existing = repository.find(CLIENT_ID);
        if (existing.isPresent() && secret != null && existing.get().enabled()
                && encoder.matches(secret, existing.get().secretHash())) {
            return;
        }
        IssuedCredentials issued = existing.isPresent()
                ? admin.rotateSecret(CLIENT_ID, "gateway-bootstrap", "bootstrap credentials file missing or stale", null)
                : admin.create(new NewClient(CLIENT_ID, Role.ADMIN, null, null, null, null,
                "first ADMIN of the embedded stack"), "gateway-bootstrap", null);
        write(file, issued);
        log.info("Bootstrap ADMIN client '{}': credentials written to {} (owner-only)", CLIENT_ID, file);
    }

    private static void write(Path file, IssuedCredentials issued) throws IOException {
        Properties p = new Properties();
        p.setProperty("client_id", issued.clientId());
        p.setProperty("client_secret", issued.clientSecret());
        OwnerOnlyFile.write(file, p, "Clearhouse bootstrap ADMIN client: local only, never share");
    }
}
