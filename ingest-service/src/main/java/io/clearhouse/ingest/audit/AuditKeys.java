package io.clearhouse.ingest.audit;

import io.clearhouse.common.audit.AuditSigning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The Ed25519 key pair of the daily audit heads, read from files outside the database
 * ({@code CLEARHOUSE_AUDIT_SIGNING_KEY_FILE}: PKCS#8 PEM, owner-only; {@code CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE}:
 * X.509 PEM). Without the private key no head is signed; without the public key {@code audit verify}
 * cannot anchor the chain and says so. A private key that does not match the public key stops the start.
 */
@Component
public class AuditKeys {

    private static final Logger log = LoggerFactory.getLogger(AuditKeys.class);

    private final PrivateKey signingKey;
    private final PublicKey publicKey;

    AuditKeys(@Value("${clearhouse.audit.signing-key-file:}") String signingKeyFile,
              @Value("${clearhouse.audit.public-key-file:}") String publicKeyFile) {
        try {
            this.publicKey = publicKeyFile.isBlank() ? null : AuditSigning.readPublic(Path.of(publicKeyFile));
            this.signingKey = signingKeyFile.isBlank() ? null : AuditSigning.readPrivate(Path.of(signingKeyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit head key: " + e.getMessage(), e);
        }
        if (signingKey != null && publicKey == null) {
            throw new IllegalStateException("clearhouse.audit.signing-key-file is set but not clearhouse.audit.public-key-file");
        }
        if (signingKey != null && !AuditSigning.pair(signingKey, publicKey)) {
            throw new IllegalStateException("the audit head signing key does not match the audit head public key");
        }
        if (signingKey != null && !signingKeyFile.isBlank() && worldReadable(Path.of(signingKeyFile)).isPresent()) {
            log.warn("The audit head signing key file {} is readable by every user: make it owner-only", signingKeyFile);
        }
        if (publicKey == null) {
            log.warn("No audit head public key (CLEARHOUSE_AUDIT_PUBLIC_KEY_FILE): audit verify cannot anchor the chain");
        } else {
            log.info("Audit heads: key {}, {}", keyId(), signingKey == null ? "verifying only" : "signing");
        }
    }

    /**
     * The file's permissions when users other than its owner and group may read it. The group may: in
     * Kubernetes a Secret's files belong to the pod's fsGroup, which is how the non-root service reads them.
     */
    private static Optional<String> worldReadable(Path file) {
        try {
            String perms = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
            return perms.substring(6).equals("---") ? Optional.empty() : Optional.of(perms);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    Optional<PrivateKey> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    public Optional<PublicKey> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    String keyId() {
        return publicKey == null ? null : AuditSigning.keyId(publicKey);
    }
}
