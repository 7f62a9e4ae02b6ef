package io.clearhouse.gateway.auth;

import io.clearhouse.gateway.config.JdbcScheduler;
import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import io.clearhouse.gateway.web.RequestContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * ADMIN management of API clients and of the token signing key. Answers that carry secrets are
 * {@code Cache-Control: no-store}; the secrets appear in them once and nowhere else.
 */
@RestController
class ClientAdminController {

    private final ClientAdmin admin;
    private final Callers callers;
    private final SigningKeys keys;
    private final JdbcScheduler jdbc;

    ClientAdminController(ClientAdmin admin, Callers callers, SigningKeys keys, JdbcScheduler jdbc) {
        this.admin = admin;
        this.callers = callers;
        this.keys = keys;
        this.jdbc = jdbc;
    }

    /** Why, for the audit log; optional. */
    record Reason(String reason) {
    }

    @PostMapping("/v1/admin/clients")
    Mono<ResponseEntity<IssuedCredentials>> create(@RequestBody NewClient request, ServerWebExchange exchange) {
        return actor(exchange).flatMap(actor -> blocking(() -> admin.create(request, actor, requestId(exchange))))
                .map(issued -> ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                        .body(issued));
    }

    @GetMapping("/v1/admin/clients")
    Mono<List<ApiClient.ClientView>> list() {
        return blocking(admin::list);
    }

    @PostMapping("/v1/admin/clients/{clientId}/disable")
    Mono<ApiClient.ClientView> disable(@PathVariable String clientId,
                                       @RequestBody(required = false) Reason reason, ServerWebExchange exchange) {
        return actor(exchange).flatMap(actor -> blocking(() -> admin.disable(clientId, actor,
                reason == null ? null : reason.reason(), requestId(exchange))));
    }

    @PostMapping("/v1/admin/clients/{clientId}/rotate-secret")
    Mono<ResponseEntity<IssuedCredentials>> rotate(@PathVariable String clientId,
                                                   @RequestBody(required = false) Reason reason,
                                                   ServerWebExchange exchange) {
        return actor(exchange).flatMap(actor -> blocking(() -> admin.rotateSecret(clientId, actor,
                        reason == null ? null : reason.reason(), requestId(exchange))))
                .map(issued -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(issued));
    }

    /** New signing key first; the previous one keeps verifying until its tokens have expired. */
    @PostMapping("/v1/admin/keys/rotate")
    Mono<Map<String, String>> rotateKey() {
        if (!keys.rotatable()) {
            return Mono.error(new Refusal(HttpStatus.CONFLICT, Problems.CONFLICT, "Keys from configuration",
                    "the signing keys are configured (clearhouse.gateway.auth.jwk-set-file): rotate them there"));
        }
        return blocking(() -> {
            try {
                return Map.of("currentKeyId", keys.rotate());
            } catch (IOException e) {
                throw new IllegalStateException("could not save the rotated keys", e);
            }
        });
    }

    private Mono<String> actor(ServerWebExchange exchange) {
        return callers.of(exchange).map(Caller::clientId);
    }

    private static String requestId(ServerWebExchange exchange) {
        return RequestContext.of(exchange).requestId();
    }

    private <T> Mono<T> blocking(java.util.concurrent.Callable<T> work) {
        return jdbc.call(work);
    }
}
