package io.clearhouse.console.signin;

import java.io.Serial;
import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A signed-in person and the gateway's access token for them. It lives only in the server-side
 * session (never in a cookie or a page); {@link #getCredentials()} is the bearer token every gateway
 * call carries.
 */
public final class PersonAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Person person;
    private final String accessToken;
    private final Instant expiresAt;

    public PersonAuthentication(Person person, String accessToken, Instant expiresAt) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + person.role().name())));
        this.person = person;
        this.accessToken = accessToken;
        this.expiresAt = expiresAt;
        setAuthenticated(true);
    }

    @Override
    public String getCredentials() {
        return accessToken;
    }

    @Override
    public Person getPrincipal() {
        return person;
    }

    @Override
    public String getName() {
        return person.name();
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "PersonAuthentication[" + person + ", token hidden]";
    }
}
