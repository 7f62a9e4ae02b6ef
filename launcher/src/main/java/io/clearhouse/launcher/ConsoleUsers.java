package io.clearhouse.launcher;

import io.clearhouse.common.identity.Totp;
import io.clearhouse.launcher.demo.GatewayClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The console's people of the embedded stack whose sign-in secrets the launcher keeps: the demo's users,
 * in {@code <data dir>/console-users.properties}, owner-only like the bootstrap ADMIN's credentials, so
 * that {@code ./clearhouse users code NAME} can print the one-time code of the moment for them. People
 * created with {@code users create} get their secrets printed once and kept nowhere.
 */
public final class ConsoleUsers {

    public static final String FILE = "console-users.properties";

    /** One person as kept: name, role, password and TOTP secret. */
    public record Kept(String userId, String role, String password, String totpSecret) {
        @Override
        public String toString() {
            return "Kept[" + userId + ", " + role + ", secrets hidden]";
        }
    }

    private ConsoleUsers() {
    }

    /**
     * Makes sure each person exists and their secrets are kept: created through the ADMIN API the first
     * time, reset when they exist but their secrets were lost, left alone when they are kept already.
     *
     * @param people user id to role
     */
    public static Map<String, Kept> ensure(GatewayClient gateway, Map<String, String> people, String reason)
            throws IOException, InterruptedException {
        Path file = gateway.dataDir().resolve(FILE);
        Properties saved = Secrets.readIfPresent(file);
        Map<String, Kept> result = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, String> person : people.entrySet()) {
            String id = person.getKey();
            Optional<Kept> kept = kept(saved, id);
            if (kept.isPresent()) {
                result.put(id, kept.get());
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", id);
            body.put("role", person.getValue());
            body.put("reason", reason);
            GatewayClient.Answer answer = gateway.postJson("/v1/admin/users", body, GatewayClient.Role.ADMIN);
            if (answer.status() == 409) {
                // exists from an earlier run whose secrets were lost: issue new ones
                answer = gateway.postJson("/v1/admin/users/" + id + "/reset", Map.of("reason", reason),
                        GatewayClient.Role.ADMIN);
            }
            if (answer.status() / 100 != 2 || answer.body() == null) {
                throw new IOException("could not create the console user " + id + ": HTTP " + answer.status() + " "
                        + answer.body());
            }
            Kept k = new Kept(id, person.getValue(), answer.body().get("password").asString(),
                    answer.body().get("totpSecret").asString());
            saved.setProperty(id + ".role", k.role());
            saved.setProperty(id + ".password", k.password());
            saved.setProperty(id + ".totp", k.totpSecret());
            result.put(id, k);
            changed = true;
        }
        if (changed) {
            io.clearhouse.common.io.OwnerOnlyFile.write(file, saved, "Clearhouse console users of the embedded stack: local only, never share");
        }
        return result;
    }

    /** A kept person, if the launcher keeps their secrets. */
    public static Optional<Kept> find(Path dataDir, String userId) throws IOException {
        return kept(Secrets.readIfPresent(dataDir.resolve(FILE)), userId);
    }

    /** The one-time code of the moment for a kept person. */
    public static Optional<String> code(Path dataDir, String userId) throws IOException {
        return find(dataDir, userId).map(k -> Totp.code(k.totpSecret(), Instant.now()));
    }

    private static Optional<Kept> kept(Properties saved, String id) {
        String password = saved.getProperty(id + ".password");
        String totp = saved.getProperty(id + ".totp");
        return password == null || totp == null ? Optional.empty()
                : Optional.of(new Kept(id, saved.getProperty(id + ".role", ""), password, totp));
    }

}
