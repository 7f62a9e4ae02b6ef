package io.clearhouse.ingest;

import io.clearhouse.common.audit.AuditSigning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;

/** One audit head key pair per test JVM, as PEM files outside the database (as the launcher writes them). */
public final class TestAuditKeys {

    private static final KeyPair PAIR = AuditSigning.generate();
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("ingest-audit-keys");
            Files.writeString(DIR.resolve("audit-head-signing.key"), AuditSigning.privatePem(PAIR.getPrivate()));
            Files.writeString(DIR.resolve("audit-head.pub"), AuditSigning.publicPem(PAIR.getPublic()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestAuditKeys() {
    }

    public static String privateKeyFile() {
        return DIR.resolve("audit-head-signing.key").toString();
    }

    public static String publicKeyFile() {
        return DIR.resolve("audit-head.pub").toString();
    }

    public static PublicKey publicKey() {
        return PAIR.getPublic();
    }
}
