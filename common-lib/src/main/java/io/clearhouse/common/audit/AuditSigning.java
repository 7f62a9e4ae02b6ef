package io.clearhouse.common.audit;

import io.clearhouse.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 (the JDK's own provider) for audit heads: keys as PEM ({@code PRIVATE KEY} = PKCS#8,
 * {@code PUBLIC KEY} = X.509 SubjectPublicKeyInfo, what {@code openssl pkey} reads), the key id
 * (first 16 hex digits of the SHA-256 of the encoded public key), signing and verifying.
 */
public final class AuditSigning {

    public static final String ALGORITHM = "Ed25519";

    private AuditSigning() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is in every JDK 15+", e);
        }
    }

    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(Hashing.sha256(key.getEncoded())).substring(0, 16);
    }

    /** The head signed with {@code key}, whose public half has id {@code keyId}. */
    public static AuditHead sign(AuditHead unsigned, PrivateKey key, String keyId) {
        AuditHead withKey = unsigned.withSignature(keyId, null);
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(withKey.signedBytes());
            return withKey.withSignature(keyId, Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign the audit head of " + unsigned.day(), e);
        }
    }

    /** Whether {@code head} carries a valid signature by {@code key} (and names that key). */
    public static boolean verify(AuditHead head, PublicKey key) {
        if (head.signature() == null || !keyId(key).equals(head.keyId())) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(head.signedBytes());
            return s.verify(Base64.getDecoder().decode(head.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String privatePem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static PublicKey readPublic(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivate(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublic(Path file) throws IOException {
        return readPublic(Files.readString(file, StandardCharsets.US_ASCII));
    }

    public static PrivateKey readPrivate(Path file) throws IOException {
        return readPrivate(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** Whether the two halves belong together (a probe signed with one verifies with the other). */
    public static boolean pair(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] probe = "clearhouse/audit-key-probe".getBytes(StandardCharsets.UTF_8);
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(ALGORITHM);
            v.initVerify(publicKey);
            v.update(probe);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem, String type) {
        String body = pem.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
