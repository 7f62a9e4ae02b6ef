package io.clearhouse.gateway.auth;

import io.clearhouse.common.identity.Totp;
import io.clearhouse.gateway.config.JdbcScheduler;
import io.clearhouse.gateway.web.RequestContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The OAuth 2.0 token endpoint. API clients use the client-credentials grant (RFC 6749 §4.4) and
 * authenticate with HTTP Basic ({@code client_secret_basic}) or form parameters
 * ({@code client_secret_post}), never both. People signing in to the console use the resource owner
 * password grant (§4.3) with a second factor: {@code username}, {@code password} and {@code otp}, the
 * TOTP code of the moment (RFC 6238), each code usable once; failures are counted per user name (the
 * console calls from one address for everyone). Neither kind can use the other's grant. Errors are
 * RFC 6749 §5.2 JSON. Off when an external issuer is configured (people then sign in there).
 */
@RestController
@ConditionalOnExpression("'${clearhouse.gateway.auth.external.issuer-uri:}'.isEmpty()"
        + " and '${clearhouse.gateway.auth.external.jwk-set-uri:}'.isEmpty()")
class TokenController {

    private final ClientDirectory clients;
    private final TokenIssuer issuer;
    private final SecretVerifier secrets;
    private final FailedLoginThrottle throttle;
    private final ClientRepository repository;
    private final JdbcScheduler jdbc;
    private final Clock clock;

    TokenController(ClientDirectory clients, TokenIssuer issuer, SecretVerifier secrets,
                    FailedLoginThrottle throttle, ClientRepository repository, JdbcScheduler jdbc, Clock clock) {
        this.clients = clients;
        this.issuer = issuer;
        this.secrets = secrets;
        this.throttle = throttle;
        this.repository = repository;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Bounds what a sign-in form may send before anything is looked up. */
    private static final int MAX_FIELD = 256;

    private record Credentials(String clientId, String secret, boolean basic) {
    }

    @PostMapping(path = "/oauth2/token")
    Mono<ResponseEntity<Map<String, Object>>> token(ServerWebExchange exchange) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
            return Mono.just(error(exchange, HttpStatus.BAD_REQUEST, "invalid_request",
                    "send application/x-www-form-urlencoded", false));
        }
        return exchange.getFormData().flatMap(form -> handle(exchange, form));
    }

    private Mono<ResponseEntity<Map<String, Object>>> handle(ServerWebExchange exchange,
                                                           MultiValueMap<String, String> form) {
        String grant = form.getFirst("grant_type");
        if (grant == null || grant.isBlank()) {
            return Mono.just(error(exchange, HttpStatus.BAD_REQUEST, "invalid_request", "grant_type is required", false));
        }
        if ("password".equals(grant)) {
            return person(exchange, form);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        boolean formAuth = form.containsKey("client_secret");
        Optional<Credentials> basic = basic(authorization);
        if (authorization != null && basic.isEmpty()) {
            return Mono.just(error(exchange, HttpStatus.UNAUTHORIZED, "invalid_client",
                    "malformed Basic credentials", true));
        }
        if (basic.isPresent() && formAuth) {
            return Mono.just(error(exchange, HttpStatus.BAD_REQUEST, "invalid_request",
                    "use one client authentication method, not both", false));
        }
        Credentials credentials = basic.orElseGet(() -> new Credentials(form.getFirst("client_id"),
                form.getFirst("client_secret"), false));
        if (credentials.clientId() == null || credentials.secret() == null) {
            return Mono.just(error(exchange, HttpStatus.UNAUTHORIZED, "invalid_client",
                    "client authentication is required", true));
        }
        if (!"client_credentials".equals(grant)) {
            return Mono.just(error(exchange, HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                    "only client_credentials (API clients) and password (console users) are supported", false));
        }
        String address = RequestContext.of(exchange).sourceIp();
        throttle.reserve(address); // before the lookup and bcrypt: a concurrent wave cannot outrun the count
        return clients.find(credentials.clientId())
                .flatMap(found -> secrets.matches(credentials.secret(), found.map(ApiClient::secretHash).orElse(null))
                        .map(matches -> matches && found.get().enabled() && !found.get().person() ? found
                                : Optional.<ApiClient>empty()))
                .map(client -> {
            if (client.isEmpty()) {
                return error(exchange, HttpStatus.UNAUTHORIZED, "invalid_client", "client authentication failed",
                        credentials.basic());
            }
            throttle.succeeded(address);
            ApiClient c = client.get();
            RequestContext.of(exchange).caller(c.clientId(), c.role().name(), c.providerId());
            String scope = form.getFirst("scope");
            if (scope != null && !scope.isBlank()) {
                for (String s : scope.trim().split(" +")) {
                    if (!s.equals(c.role().scope())) {
                        return error(exchange, HttpStatus.BAD_REQUEST, "invalid_scope",
                                "this client may only request scope " + c.role().scope(), false);
                    }
                }
            }
            return issued(issuer.issue(c));
        });
    }

    /** The password grant with a second factor, for people only. */
    private Mono<ResponseEntity<Map<String, Object>>> person(ServerWebExchange exchange,
                                                           MultiValueMap<String, String> form) {
        String username = form.getFirst("username");
        String password = form.getFirst("password");
        String otp = form.getFirst("otp");
        if (blank(username) || blank(password) || blank(otp)) {
            return Mono.just(error(exchange, HttpStatus.BAD_REQUEST, "invalid_request",
                    "username, password and otp are required", false));
        }
        if (username.length() > MAX_FIELD || password.length() > MAX_FIELD || otp.length() > MAX_FIELD) {
            return Mono.just(error(exchange, HttpStatus.BAD_REQUEST, "invalid_request",
                    "username, password and otp have at most " + MAX_FIELD + " characters each", false));
        }
        String throttleKey = "user:" + username;
        throttle.reserve(throttleKey); // before the lookup and bcrypt, as for clients
        return clients.find(username)
                .flatMap(found -> secrets.matches(password, found.map(ApiClient::secretHash).orElse(null))
                        .map(matches -> matches && found.get().enabled() && found.get().person() ? found
                                : Optional.<ApiClient>empty()))
                .flatMap(person -> person.isEmpty() ? Mono.just(person)
                        : jdbc.call(() -> secondFactor(person.get(), otp) ? person : Optional.<ApiClient>empty()))
                .map(person -> {
                    if (person.isEmpty()) {
                        // one answer for every failure: never which factor was wrong, nor whether the user exists
                        return error(exchange, HttpStatus.BAD_REQUEST, "invalid_grant", "sign-in failed", false);
                    }
                    throttle.succeeded(throttleKey);
                    ApiClient p = person.get();
                    RequestContext.of(exchange).caller(p.clientId(), p.role().name(), p.providerId());
                    return issued(issuer.issue(p));
                });
    }

    /** The code is the person's of a step within the window and newer than the last one they used. */
    private boolean secondFactor(ApiClient person, String otp) {
        return repository.totpSecret(person.clientId())
                .map(secret -> Totp.verify(secret, otp, clock.instant()))
                .filter(OptionalLong::isPresent)
                .map(step -> repository.useTotpStep(person.clientId(), step.getAsLong()))
                .orElse(false);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static ResponseEntity<Map<String, Object>> issued(TokenIssuer.Issued issued) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.token());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.expiresIn());
        body.put("scope", issued.scope());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache")
                .contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and Base64-encoded. */
    private static Optional<Credentials> basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(new Credentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8), true));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ResponseEntity<Map<String, Object>> error(ServerWebExchange exchange, HttpStatus status,
                                                             String code, String description, boolean challenge) {
        RequestContext.of(exchange).refused("token-" + code.replace('_', '-'));
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status).cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON);
        if (challenge && status == HttpStatus.UNAUTHORIZED) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"clearhouse\"");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        return b.body(body);
    }
}
