package io.clearhouse.gateway.protect;

import io.clearhouse.gateway.web.ProblemWriter;
import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import io.clearhouse.gateway.web.RequestContext;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Actuator endpoints other than health (metrics, info, the gateway's routes) answer only requests
 * from the networks in {@code clearhouse.gateway.protect.metrics-cidrs} (default loopback): the
 * gateway's port is public and they say more than an outsider should know. Health stays open for
 * probes and load balancers. The source address is the one the access log records
 * ({@code X-Forwarded-For} believed only from trusted proxies), so a public request relayed by an
 * internal load balancer is still refused. The console's actuator ({@code /console/actuator/**}, routed
 * to it) is held to the same rule: Prometheus scrapes the console on its own port.
 */
@Component
@Order(ActuatorAccessFilter.ORDER)
class ActuatorAccessFilter implements WebFilter {

    /** After the access-log filter (-200) works out the source address, before Spring Security (-100). */
    static final int ORDER = -150;
    private static final String ACTUATOR = "/actuator";
    private static final String HEALTH = "/actuator/health";
    private static final String CONSOLE = "/console";

    private final List<Cidr> allowed;
    private final ProblemWriter problems;

    ActuatorAccessFilter(ProtectionProperties limits, ProblemWriter problems) {
        this.allowed = limits.metricsCidrList();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!restricted(path)) {
            return chain.filter(exchange);
        }
        String source = RequestContext.of(exchange).sourceIp();
        if (source != null && allowed.stream().anyMatch(c -> c.contains(source))) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, new Refusal(HttpStatus.FORBIDDEN, Problems.IP_NOT_ALLOWED,
                "Address not allowed", "this endpoint is served only to the monitoring networks"));
    }

    static boolean restricted(String path) {
        // the console (routed /console/**) serves its own actuator under its context path: the same rule
        String own = path.startsWith(CONSOLE + "/") ? path.substring(CONSOLE.length()) : path;
        boolean actuator = own.equals(ACTUATOR) || own.startsWith(ACTUATOR + "/");
        boolean health = own.equals(HEALTH) || own.startsWith(HEALTH + "/");
        return actuator && !health;
    }
}
