package io.clearhouse.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.clearhouse.common.io.OwnerOnlyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The RSA keys that sign and verify access tokens. The first key signs; every key not past its
 * expiry verifies and is published in the JWKS. Rotating puts a new key first and gives the old
 * one an expiry of one token lifetime (plus clock skew), so tokens it signed stay valid until they
 * expire and no longer.
 */
public final class SigningKeys {

    /** Accepted clock skew between issuer and verifiers (Spring Security's default). */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final Path file;
    private final boolean rotatable;
    private final Clock clock;
    private final Duration tokenTtl;
    private volatile List<RSAKey> keys;

    private SigningKeys(List<RSAKey> keys, Path file, boolean rotatable, Clock clock, Duration tokenTtl) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("no signing key");
        }
        this.keys = List.copyOf(keys);
        this.file = file;
        this.rotatable = rotatable;
        this.clock = clock;
        this.tokenTtl = tokenTtl;
    }

    /** A key set given by configuration (a mounted secret): read-only here. */
    public static SigningKeys configured(Path jwkSetFile, Clock clock, Duration tokenTtl) throws IOException {
        return new SigningKeys(rsaKeys(read(jwkSetFile)), null, false, clock, tokenTtl);
    }

    /** The embedded stack's key ring: loaded from {@code file}, or generated and saved there owner-only. */
    public static SigningKeys managed(Path file, Clock clock, Duration tokenTtl) throws IOException {
        if (Files.exists(file)) {
            return new SigningKeys(rsaKeys(read(file)), file, true, clock, tokenTtl);
        }
        SigningKeys keys = new SigningKeys(List.of(generate(clock)), file, true, clock, tokenTtl);
        keys.save();
        return keys;
    }

    /** Keys that live as long as this process (tests). */
    public static SigningKeys inMemory(Clock clock, Duration tokenTtl) {
        return new SigningKeys(List.of(generate(clock)), null, true, clock, tokenTtl);
    }

    public RSAKey current() {
        return keys.get(0);
    }

    /** Every key a token may be verified with right now. */
    public List<JWK> verificationKeys() {
        Instant now = clock.instant();
        List<JWK> valid = new ArrayList<>();
        for (RSAKey k : keys) {
            if (k.getExpirationTime() == null || k.getExpirationTime().toInstant().isAfter(now)) {
                valid.add(k);
            }
        }
        return valid;
    }

    public JWKSet publicJwkSet() {
        return new JWKSet(verificationKeys()).toPublicJWKSet();
    }

    public boolean rotatable() {
        return rotatable;
    }

    /** Puts a new signing key first; the previous one verifies until its last token expired. */
    public synchronized String rotate() throws IOException {
        if (!rotatable) {
            throw new IllegalStateException("the signing keys come from configuration: rotate them there");
        }
        Instant now = clock.instant();
        Date retireAt = Date.from(now.plus(tokenTtl).plus(CLOCK_SKEW));
        List<RSAKey> next = new ArrayList<>();
        next.add(generate(clock));
        for (RSAKey k : keys) {
            boolean expired = k.getExpirationTime() != null && !k.getExpirationTime().toInstant().isAfter(now);
            if (expired) {
                continue;
            }
            next.add(k.getExpirationTime() != null ? k : new RSAKey.Builder(k).expirationTime(retireAt).build());
        }
        keys = List.copyOf(next);
        save();
        return current().getKeyID();
    }

    private void save() throws IOException {
        if (file == null) {
            return;
        }
        OwnerOnlyFile.write(file, new JWKSet(new ArrayList<>(keys)).toString(false));
    }

    private static JWKSet read(Path file) throws IOException {
        try {
            return JWKSet.parse(Files.readString(file));
        } catch (ParseException e) {
            throw new IOException("not a JWK set: " + file, e);
        }
    }

    private static List<RSAKey> rsaKeys(JWKSet set) {
        List<RSAKey> out = new ArrayList<>();
        for (JWK k : set.getKeys()) {
            if (k instanceof RSAKey rsa && rsa.isPrivate()) {
                out.add(rsa);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("the JWK set holds no private RSA key to sign with");
        }
        return out;
    }

    private static RSAKey generate(Clock clock) {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).issueTime(Date.from(clock.instant())).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate an RSA key", e);
        }
    }
}
