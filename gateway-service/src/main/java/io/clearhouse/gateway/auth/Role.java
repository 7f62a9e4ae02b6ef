package io.clearhouse.gateway.auth;

/** The roles of API clients. A PROVIDER is bound to exactly one provider id. */
public enum Role {
    PROVIDER, OPERATOR, FINANCE, AUDITOR, ADMIN;

    /** The Spring Security authority this role maps to. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The OAuth 2.0 scope that stands for this role in tokens. */
    public String scope() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
