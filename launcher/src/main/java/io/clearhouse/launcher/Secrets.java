package io.clearhouse.launcher;

import io.clearhouse.common.db.DatabaseBootstrap;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Properties;

/**
 * The embedded stack's generated secrets (database role passwords), kept under the data directory
 * with owner-only permissions: never in the repository, never printed.
 */
final class Secrets {

    private final Properties values;

    private Secrets(Properties values) {
        this.values = values;
    }

    static Secrets loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve("secrets.properties");
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
        if (changed) {
            Files.createDirectories(dataDir);
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "Clearhouse embedded stack secrets: generated, local only");
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: nothing more we can do
            }
        }
        return new Secrets(p);
    }

    String get(String key) {
        return values.getProperty(key);
    }

    java.util.Map<String, String> asMap() {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        values.stringPropertyNames().forEach(k -> m.put(k, values.getProperty(k)));
        return m;
    }

    static String randomToken(SecureRandom random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
