package io.clearhouse.gateway.auth;

/**
 * A person's sign-in secrets as issued: the password and the TOTP secret (also as the {@code otpauth://}
 * URI authenticator apps read), shown once in the answer to a create or reset and never again.
 */
public record IssuedLogin(String userId, Role role, String providerId, String password, String totpSecret,
                          String otpauthUri) {

    @Override
    public String toString() {
        return "IssuedLogin[" + userId + ", " + role + ", secrets hidden]";
    }
}
