package io.clearhouse.common.audit;

import io.clearhouse.common.io.OwnerOnlyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.util.List;

/**
 * The files of ingest's Ed25519 key pair for the daily audit heads, made once and never in the
 * database: the private key owner-only (PKCS#8 PEM), the public key (X.509 PEM) beside it and, for
 * services that only check heads, in further places. The embedded stack's launcher calls
 * {@link #ensure}; docker-compose runs it in a one-shot container of the ingest image, which needs
 * nothing but the JVM already there:
 * {@code java -cp '/app/libs/*' io.clearhouse.common.audit.AuditKeyFiles PRIVATE PUBLIC [PUBLIC_COPY...]}.
 * Existing keys are kept (heads already signed must stay checkable); a public copy is rewritten from the
 * public key.
 */
public final class AuditKeyFiles {

    private AuditKeyFiles() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: AuditKeyFiles PRIVATE_KEY_FILE PUBLIC_KEY_FILE [PUBLIC_KEY_COPY...]");
            System.exit(2);
        }
        try {
            boolean made = ensure(Path.of(args[0]), Path.of(args[1]));
            for (String copy : List.of(args).subList(2, args.length)) {
                Files.copy(Path.of(args[1]), Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
            }
            System.out.println((made ? "made the audit head key pair " : "kept the audit head key pair ")
                    + AuditSigning.keyId(AuditSigning.readPublic(Path.of(args[1]))));
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot make the audit head keys: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Makes the pair unless both files exist; the private key is written owner-only and atomically
     * ({@link OwnerOnlyFile}), last.
     *
     * @return whether a new pair was made
     */
    public static boolean ensure(Path privateKey, Path publicKey) throws IOException {
        if (Files.exists(privateKey) && Files.exists(publicKey)) {
            return false;
        }
        Files.createDirectories(publicKey.toAbsolutePath().getParent());
        KeyPair pair = AuditSigning.generate();
        Files.writeString(publicKey, AuditSigning.publicPem(pair.getPublic()));
        // the private key last: a crash never leaves a private key whose public half is missing
        OwnerOnlyFile.write(privateKey, AuditSigning.privatePem(pair.getPrivate()));
        return true;
    }
}
