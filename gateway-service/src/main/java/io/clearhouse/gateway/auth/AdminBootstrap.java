package io.clearhouse.gateway.auth;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The embedded stack's first ADMIN: with a data directory configured, makes sure an {@code admin}
 * client exists whose credentials are in {@code <data-dir>/admin-client.properties}, readable only
 * by the owner. Creates it on first start; if the file was lost or no longer matches, issues a new
 * secret and rewrites it. The secret is never logged. Without a data directory (production) nothing
 * happens: create the first ADMIN with the database owner's tooling, see the README.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    static final String CLIENT_ID = "admin";
    static final String FILE = "admin-client.properties";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final ClientAdmin admin;
    private final ClientRepository repository;
    private final BCryptPasswordEncoder encoder;
    private final String dataDir;

    AdminBootstrap(ClientAdmin admin, ClientRepository repository, BCryptPasswordEncoder encoder,
                   @Value("${clearhouse.gateway.data-dir:}") String dataDir) {
        this.admin = admin;
        this.repository = repository;
        this.encoder = encoder;
        this.dataDir = dataDir;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
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
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Properties p = new Properties();
        p.setProperty("client_id", issued.clientId());
        p.setProperty("client_secret", issued.clientSecret());
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "Clearhouse bootstrap ADMIN client: local only, never share");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
