package io.clearhouse.launcher;

import io.clearhouse.common.io.OwnerOnlyFile;
import io.clearhouse.common.db.DatabaseBootstrap;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Properties;

/**
 * The embedded stack's generated secrets (database role passwords and the identity secret the
 * gateway signs caller headers with), kept under the data directory in a file created owner-only
 * before anything is written to it: never in the repository, never printed.
 */
public final class Secrets {

    /** The key of the secret shared by the gateway and every service ({@code CLEARHOUSE_IDENTITY_SECRET}). */
    static final String IDENTITY = "identity_secret";
    /** The password of the gateway's keystore under {@code tls/} ({@code up --tls}). */
    static final String TLS_KEYSTORE_PASSWORD = "gateway_tls_keystore_password";
    /** The embedded PostgreSQL superuser's password (the server asks every connection for a password). */
    static final String POSTGRES_SUPERUSER = "postgres_superuser_password";
    static final String FILE = "secrets.properties";
    private static final int IDENTITY_LENGTH = 48;

    private final Properties values;

    private Secrets(Properties values) {
        this.values = values;
    }

    static Secrets loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        boolean changed = false;
        SecureRandom random = new SecureRandom();
        for (String service : DatabaseBootstrap.SERVICES) {
            for (String role : List.of(DatabaseBootstrap.ownerRole(service), DatabaseBootstrap.appRole(service))) {
                if (!p.containsKey(role)) {
                    p.setProperty(role, randomToken(random));
                    changed = true;
                }
            }
        }
        if (!p.containsKey(IDENTITY)) {
            p.setProperty(IDENTITY, randomToken(random, IDENTITY_LENGTH));
            changed = true;
        }
        if (!p.containsKey(POSTGRES_SUPERUSER)) {
            p.setProperty(POSTGRES_SUPERUSER, randomToken(random));
            changed = true;
        }
        if (!p.containsKey(TLS_KEYSTORE_PASSWORD)) {
            p.setProperty(TLS_KEYSTORE_PASSWORD, randomToken(random));
            changed = true;
        }
        if (changed) {
            Files.createDirectories(dataDir);
            OwnerOnlyFile.write(file, p, "Clearhouse embedded stack secrets: generated, local only");
        }
        return new Secrets(p);
    }

    /**
     * Writes to a temporary file created owner-only (so no other user can open it even for a moment),
     * then moves it over {@code file}. Every secret file of the embedded stack is written this way.
     */
    /** The properties of an owner-only file written by {@link OwnerOnlyFile}; empty when there is none yet. */
    public static Properties readIfPresent(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (java.io.Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return p;
    }

    /** The secret with which the gateway signs the caller identity it passes to the services. */
    String identitySecret() {
        return values.getProperty(IDENTITY);
    }

    String get(String key) {
        return values.getProperty(key);
    }

    /** The embedded PostgreSQL superuser's password. */
    String postgresSuperuserPassword() {
        return values.getProperty(POSTGRES_SUPERUSER);
    }

    /**
     * The superuser password of the stack on {@code dataDir}, for operator tooling (benchmarks) that
     * connects to a running stack's PostgreSQL.
     */
    public static String postgresSuperuserPassword(Path dataDir) throws IOException {
        return loadOrCreate(dataDir).postgresSuperuserPassword();
    }

    String tlsKeystorePassword() {
        return values.getProperty(TLS_KEYSTORE_PASSWORD);
    }

    /** The database role passwords by role name (no other secret). */
    java.util.Map<String, String> rolePasswords() {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (String service : DatabaseBootstrap.SERVICES) {
            for (String role : List.of(DatabaseBootstrap.ownerRole(service), DatabaseBootstrap.appRole(service))) {
                m.put(role, values.getProperty(role));
            }
        }
        return m;
    }

    static String randomToken(SecureRandom random) {
        return randomToken(random, 32);
    }

    static String randomToken(SecureRandom random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
