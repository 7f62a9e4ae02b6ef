package io.clearhouse.launcher;

import io.clearhouse.common.audit.AuditKeyFiles;
import java.io.IOException;
import java.nio.file.Path;
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
        AuditKeyFiles.ensure(privateKey(config), publicKey(config));
    }

    /** What ingest is started with: where the two key files are. */
    static Map<String, String> ingestEnvironment(StackConfig config) {
        return Map.of("CLEARHOUSE_AUDIT_SIGNING_KEY_FILE", privateKey(config).toString(),
                "CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE", publicKey(config).toString());
    }
}
