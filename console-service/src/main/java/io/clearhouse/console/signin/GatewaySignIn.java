package io.clearhouse.console.signin;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs a person in with the gateway's password grant: username, password and one-time code go to
 * {@code POST /oauth2/token}; the answer's access token is kept in the session. Which factor was wrong
 * is never said (the gateway does not say it either). Plugged into formLogin, so Spring Security's
 * session fixation protection, CSRF and remember-nothing defaults apply.
 */
@Component
class GatewaySignIn implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(GatewaySignIn.class);
    /** Bounds on what the form may send on: the gateway refuses longer values anyway. */
    private static final int USERNAME_MAX = 64;
    private static final int PASSWORD_MAX = 256;
    private static final Pattern OTP = Pattern.compile("[0-9]{6}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient gateway;

    GatewaySignIn(RestClient gatewayRestClient) {
        this.gateway = gatewayRestClient;
    }

    /** The gateway answered 429: the person (or their address) tried too often. */
    static final class TooManyAttempts extends AuthenticationException {
        TooManyAttempts() {
            super("too many attempts");
        }
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName() == null ? "" : authentication.getName().trim();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        String otp = authentication.getDetails() instanceof OtpDetails d && d.otp() != null ? d.otp().trim() : "";
        if (username.isEmpty() || username.length() > USERNAME_MAX || password.isEmpty()
                || password.length() > PASSWORD_MAX || !OTP.matcher(otp).matches()) {
            throw new BadCredentialsException("sign-in failed");
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "password");
        form.add("username", username);
        form.add("password", password);
        form.add("otp", otp);
        Map<?, ?> answer;
        try {
            answer = gateway.post().uri("/oauth2/token")
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(form)
                    .exchange((request, response) -> {
                        int status = response.getStatusCode().value();
                        if (status == HttpStatus.TOO_MANY_REQUESTS.value()) {
                            throw new TooManyAttempts();
                        }
                        if (status == 400 || status == 401) {
                            throw new BadCredentialsException("sign-in failed");
                        }
                        if (status != 200) {
                            throw new AuthenticationServiceException("the gateway answered " + status);
                        }
                        return JSON.readValue(response.getBody(), Map.class);
                    });
        } catch (ResourceAccessException e) {
            log.warn("sign-in: the gateway could not be reached: {}", e.getMessage());
            throw new AuthenticationServiceException("the gateway could not be reached", e);
        }
        Object token = answer == null ? null : answer.get("access_token");
        if (!(token instanceof String accessToken) || accessToken.isBlank()) {
            throw new AuthenticationServiceException("the gateway's answer holds no access token");
        }
        PersonAuthentication signedIn = fromToken(accessToken);
        log.info("signed in: {} ({})", signedIn.getName(), signedIn.getPrincipal().role());
        return signedIn;
    }

    /**
     * Reads who the token is for from its payload. The signature is not checked here: the console only
     * uses it to choose menus, and the gateway checks the token on every call.
     */
    static PersonAuthentication fromToken(String accessToken) {
        String[] parts = accessToken.split("\\.");
        if (parts.length != 3) {
            throw new AuthenticationServiceException("the access token is not a JWT");
        }
        Map<?, ?> claims;
        try {
            claims = JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
        } catch (IllegalArgumentException | JacksonException e) {
            throw new AuthenticationServiceException("the access token's payload is unreadable", e);
        }
        // the gateway's own tokens name the person in client_id; an organisation's OIDC provider in
        // preferred_username (or only sub)
        Object name = claims.get("client_id") != null ? claims.get("client_id")
                : claims.get("preferred_username") != null ? claims.get("preferred_username") : claims.get("sub");
        Object roles = claims.get("roles");
        if (!(name instanceof String n) || !(roles instanceof List<?> list) || list.size() != 1) {
            throw new AuthenticationServiceException("the access token names no person or not exactly one role");
        }
        Role role;
        try {
            role = Role.valueOf(String.valueOf(list.get(0)));
        } catch (IllegalArgumentException e) {
            throw new AuthenticationServiceException("the access token's role is unknown", e);
        }
        Object provider = claims.get("provider_id");
        if (role == Role.PROVIDER && !(provider instanceof String)) {
            throw new AuthenticationServiceException("a PROVIDER token names no provider");
        }
        Instant expiresAt = claims.get("exp") instanceof Number exp ? Instant.ofEpochSecond(exp.longValue()) : null;
        return new PersonAuthentication(new Person(n, role, role == Role.PROVIDER ? (String) provider : null),
                accessToken, expiresAt);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
