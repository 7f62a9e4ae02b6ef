package io.clearhouse.gateway.auth;

import io.clearhouse.gateway.config.JdbcScheduler;
import io.clearhouse.gateway.web.RequestContext;
import java.util.List;
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
 * ADMIN management of the people who sign in to the console. Answers that carry a password and TOTP
 * secret are {@code Cache-Control: no-store}; they appear there once and nowhere else.
 */
@RestController
class UserAdminController {

    private final ClientAdmin admin;
    private final Callers callers;
    private final JdbcScheduler jdbc;

    UserAdminController(ClientAdmin admin, Callers callers, JdbcScheduler jdbc) {
        this.admin = admin;
        this.callers = callers;
        this.jdbc = jdbc;
    }

    @PostMapping("/v1/admin/users")
    Mono<ResponseEntity<IssuedLogin>> create(@RequestBody NewPerson request, ServerWebExchange exchange) {
        return actor(exchange).flatMap(actor -> jdbc.call(() -> admin.createPerson(request, actor, requestId(exchange))))
                .map(issued -> ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                        .body(issued));
    }

    @GetMapping("/v1/admin/users")
    Mono<List<ApiClient.UserView>> list() {
        return jdbc.call(admin::people);
    }

    @PostMapping("/v1/admin/users/{userId}/disable")
    Mono<ApiClient.UserView> disable(@PathVariable String userId,
                                     @RequestBody(required = false) ClientAdminController.Reason reason,
                                     ServerWebExchange exchange) {
        return actor(exchange).flatMap(actor -> jdbc.call(() -> admin.disablePerson(userId, actor,
                reason == null ? null : reason.reason(), requestId(exchange))));
    }

    @PostMapping("/v1/admin/users/{userId}/reset")
    Mono<ResponseEntity<IssuedLogin>> reset(@PathVariable String userId,
                                            @RequestBody(required = false) ClientAdminController.Reason reason,
                                            ServerWebExchange exchange) {
        return actor(exchange).flatMap(actor -> jdbc.call(() -> admin.resetPerson(userId, actor,
                        reason == null ? null : reason.reason(), requestId(exchange))))
                .map(issued -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(issued));
    }

    private Mono<String> actor(ServerWebExchange exchange) {
        return callers.of(exchange).map(Caller::clientId);
    }

    private static String requestId(ServerWebExchange exchange) {
        return RequestContext.of(exchange).requestId();
    }
}
