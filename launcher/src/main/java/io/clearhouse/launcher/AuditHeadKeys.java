package io.clearhouse.launcher;

import io.clearhouse.common.audit.AuditSigning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;

/**
 * The Ed25519 key pair that ingest signs the daily audit heads with, generated once under
 * {@code <data dir>/audit/}: the private key owner-only ({@code audit-head-signing.key}, PKCS#8 PEM),
 * the public key beside it ({@code audit-head.pub}, X.509 PEM) for anyone checking heads and inclusion
 * proofs. Neither is ever in the database; only ingest is given them.
 */
final class AuditHeadKeys {

    static final String DIR = "audit";
    static final String PRIVATE = "audit-head-signing.key";
    static final String PUBLIC = "audit-head.pub";

    private AuditHeadKeys() {
    }

    static Path privateKey(StackConfig config) {
        return config.dataDir().resolve(DIR).resolve(PRIVATE);
    }

    static Path publicKey(StackConfig config) {
        return config.dataDir().resolve(DIR).resolve(PUBLIC);
    }

    /** Generates the pair unless both files exist. */
    static void ensure(StackConfig config) throws IOException {
        Path priv = privateKey(config);
        Path pub = publicKey(config);
        if (Files.exists(priv) && Files.exists(pub)) {
            return;
        }
        Files.createDirectories(priv.getParent());
        KeyPair pair = AuditSigning.generate();
        Path tmp = priv.resolveSibling(PRIVATE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, AuditSigning.privatePem(pair.getPrivate()));
        Files.writeString(pub, AuditSigning.publicPem(pair.getPublic()));
        Files.move(tmp, priv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** What ingest is started with: where the two key files are. */
    static Map<String, String> ingestEnvironment(StackConfig config) {
        return Map.of("CLEARHOUSE_AUDIT_SIGNING_KEY_FILE", privateKey(config).toString(),
                "CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE", publicKey(config).toString());
    }
}
