package io.clearhouse.support.caller;

import java.util.Locale;
import java.util.Optional;

/** The roles the gateway grants (its token scopes) and passes in {@code X-Clearhouse-Roles}. */
public enum Role {
    /** A game provider's machine client, bound to one provider id. */
    PROVIDER,
    OPERATOR,
    FINANCE,
    AUDITOR,
    ADMIN;

    /** The role named by a header entry, or empty for a name this service does not know. */
    public static Optional<Role> parse(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
