package io.clearhouse.console.signin;

import java.util.EnumSet;
import java.util.Set;

/**
 * A person's role, as the gateway's token names it. What each role may open mirrors the gateway's
 * AccessRules (gateway-service/.../security/AccessRules.java): the console only hides what the
 * gateway would refuse anyway, the gateway stays the authority.
 */
public enum Role {
    PROVIDER, OPERATOR, FINANCE, AUDITOR, ADMIN;

    /** The console's areas: each is a menu item and a URL prefix guarded in SecurityConfig. */
    public enum Area {
        TRANSACTIONS(EnumSet.of(PROVIDER, OPERATOR, AUDITOR)),
        BREAKS(EnumSet.of(OPERATOR, FINANCE, AUDITOR)),
        INGEST_EXCEPTIONS(EnumSet.of(OPERATOR, AUDITOR)),
        STATEMENTS(EnumSet.of(PROVIDER, FINANCE, AUDITOR)),
        REPORTS(EnumSet.of(PROVIDER, FINANCE, AUDITOR)),
        ANOMALIES(EnumSet.of(OPERATOR, AUDITOR)),
        ACTIVITY(EnumSet.of(PROVIDER, FINANCE, AUDITOR)),
        INGEST_SUMMARY(EnumSet.of(OPERATOR, AUDITOR)),
        ADMIN(EnumSet.of(Role.ADMIN));

        private final Set<Role> roles;

        Area(Set<Role> roles) {
            this.roles = roles;
        }

        public Set<Role> roles() {
            return roles;
        }

        public String[] roleNames() {
            return roles.stream().map(Role::name).toArray(String[]::new);
        }
    }

    public boolean may(Area area) {
        return area.roles().contains(this);
    }
}
