package io.clearhouse.common.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Creates, as a PostgreSQL superuser, what each service needs before its own Flyway history can
 * run: a schema owned by {@code <service>_owner} (the role Flyway migrates with) and a runtime
 * role {@code <service>_app} that only receives the grants the migrations give it. Idempotent:
 * run at every start of the embedded stack and of the test infrastructure.
 */
public final class DatabaseBootstrap {

    /** Every service with a schema, in start order; the console's holds only its sessions. */
    public static final List<String> SERVICES =
            List.of("gateway", "ingest", "settlement", "reconciliation", "reporting", "console");

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_]+");

    private DatabaseBootstrap() {
    }

    public static String ownerRole(String service) {
        return service + "_owner";
    }

    public static String appRole(String service) {
        return service + "_app";
    }

    /**
     * @param passwords role name to password; passwords are generated alphanumerics (checked), so
     *                  they can be inlined into DDL that cannot take bind parameters
     */
    public static void ensure(Connection superuser, String database, Map<String, String> passwords)
            throws SQLException {
        try (Statement st = superuser.createStatement()) {
            for (String service : SERVICES) {
                for (String role : List.of(ownerRole(service), appRole(service))) {
                    String password = safe(passwords.get(role));
                    st.execute("DO $$ BEGIN "
                            + "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                            + "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'; "
                            + "ELSE ALTER ROLE " + role + " LOGIN PASSWORD '" + password + "'; END IF; END $$");
                    st.execute("GRANT CONNECT ON DATABASE " + safe(database) + " TO " + role);
                }
                st.execute("CREATE SCHEMA IF NOT EXISTS " + service + " AUTHORIZATION " + ownerRole(service));
                st.execute("ALTER ROLE " + ownerRole(service) + " SET search_path = " + service);
                st.execute("ALTER ROLE " + appRole(service) + " SET search_path = " + service);
            }
            st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
    }

    private static String safe(String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("role names and passwords must be alphanumeric");
        }
        return value;
    }
}
