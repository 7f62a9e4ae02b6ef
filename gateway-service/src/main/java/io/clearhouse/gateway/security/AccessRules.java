package io.clearhouse.gateway.security;

import static io.clearhouse.gateway.auth.Role.ADMIN;
import static io.clearhouse.gateway.auth.Role.AUDITOR;
import static io.clearhouse.gateway.auth.Role.FINANCE;
import static io.clearhouse.gateway.auth.Role.OPERATOR;
import static io.clearhouse.gateway.auth.Role.PROVIDER;

import io.clearhouse.gateway.auth.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call what: the one table of the gateway's authorization. A request is allowed when any
 * row matching its method and path lists one of the caller's roles; anything no row matches is
 * refused. A PROVIDER acts only for the provider its token is bound to (enforced by the client
 * policy filter and the caller headers, not here).
 */
public final class AccessRules {

    /** Any method. */
    private static final Set<HttpMethod> ANY = null;
    private static final Set<HttpMethod> GET = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final Set<HttpMethod> POST = Set.of(HttpMethod.POST);

    /** Reachable without a token: the console signs its people in itself and calls the APIs with their tokens. */
    static final List<String> PUBLIC = List.of("/oauth2/token", "/.well-known/jwks.json", "/v1/openapi.yaml",
            "/console", "/console/**",
            "/actuator/health",
            "/actuator/health/**", "/actuator/info", "/actuator/prometheus");

    static final List<Rule> RULES = List.of(
            //   methods  path                                      roles
            rule(POST, "/v1/transactions",                          PROVIDER),
            rule(POST, "/v1/transactions/batch",                    PROVIDER),
            rule(GET,  "/v1/transactions/**",                       PROVIDER, OPERATOR, AUDITOR),
            rule(POST, "/v1/reconciliation/statements",             PROVIDER),
            // a provider's own statements, runs and breaks: reconciliation scopes them to X-Clearhouse-Provider
            rule(GET,  "/v1/reconciliation/statements/**",          PROVIDER),
            rule(GET,  "/v1/reconciliation/runs/**",                PROVIDER),
            rule(GET,  "/v1/reconciliation/exceptions/**",          PROVIDER),
            rule(GET,  "/v1/exceptions/**",                         PROVIDER),
            // a provider's own APPROVED and PAID settlement statements and their documents: settlement scopes
            // them to X-Clearhouse-Provider and answers 404 for anything else; no explain, no writes
            rule(GET,  "/v1/statements",                            PROVIDER),
            rule(GET,  "/v1/statements/*",                          PROVIDER),
            rule(GET,  "/v1/statements/*/document",                 PROVIDER),
            // settlement's part of a transaction's history: a provider's own (404 otherwise), and operators'
            rule(GET,  "/v1/settlements/transactions/*",            PROVIDER, OPERATOR),
            // a provider's own FINAL reports: reporting scopes them to X-Clearhouse-Provider (404 otherwise)
            rule(GET,  "/v1/reports",                               PROVIDER),
            rule(GET,  "/v1/reports/daily-settlement",              PROVIDER),
            rule(GET,  "/v1/reports/{id:[0-9]+}",                   PROVIDER),
            // reporting's read-only GraphQL (queries only, no mutations); it applies the same provider scope
            rule(POST, "/graphql",                                  PROVIDER, FINANCE, AUDITOR),
            rule(GET,  "/v1/ingest/conflicts",                      OPERATOR, AUDITOR),
            rule(ANY,  "/v1/ingest/**",                             OPERATOR),
            rule(ANY,  "/v1/ingest/providers/**",                   ADMIN),
            rule(ANY,  "/v1/reconciliation/**",                     OPERATOR),
            rule(ANY,  "/v1/exceptions/**",                         OPERATOR),
            // write-offs above the threshold need a FINANCE approval (maker-checker)
            rule(GET,  "/v1/reconciliation/exceptions/**",          FINANCE),
            rule(POST, "/v1/reconciliation/exceptions/*/approv*",   FINANCE),
            rule(POST, "/v1/reconciliation/exceptions/*/comments",  FINANCE),
            rule(GET,  "/v1/exceptions/**",                         FINANCE),
            rule(POST, "/v1/exceptions/*/approv*",                  FINANCE),
            rule(POST, "/v1/exceptions/*/comments",                 FINANCE),
            rule(ANY,  "/v1/contracts/**",                          FINANCE),
            rule(ANY,  "/v1/fx/**",                                 FINANCE),
            rule(ANY,  "/v1/settlements/**",                        FINANCE),
            rule(ANY,  "/v1/statements/**",                         FINANCE),
            rule(ANY,  "/v1/reports/**",                            FINANCE),
            // reporting's anomalies: operators list and acknowledge them, auditors read
            rule(ANY,  "/v1/anomalies/**",                          OPERATOR),
            rule(GET,  "/v1/anomalies/**",                          AUDITOR),
            rule(GET,  "/v1/audit/**",                              AUDITOR),
            // a provider's inclusion proofs (ingest answers 404 for another provider's transaction) and the
            // public key the daily audit heads are signed with
            rule(GET,  "/v1/audit/proofs/*",                        PROVIDER),
            rule(GET,  "/v1/audit/public-key",                      PROVIDER, FINANCE),
            // auditors read everything but client administration
            rule(GET,  "/v1/ingest/**",                             AUDITOR),
            rule(GET,  "/v1/reconciliation/**",                     AUDITOR),
            rule(GET,  "/v1/exceptions/**",                         AUDITOR),
            rule(GET,  "/v1/contracts/**",                          AUDITOR),
            rule(GET,  "/v1/fx/**",                                 AUDITOR),
            rule(GET,  "/v1/settlements/**",                        AUDITOR),
            rule(GET,  "/v1/statements/**",                         AUDITOR),
            rule(GET,  "/v1/reports/**",                            AUDITOR),
            rule(ANY,  "/v1/admin/**",                              ADMIN));

    private static final List<PathPattern> PUBLIC_PATTERNS = PUBLIC.stream()
            .map(PathPatternParser.defaultInstance::parse).toList();

    private AccessRules() {
    }

    /** One row of the table. */
    record Rule(Set<HttpMethod> methods, PathPattern path, Set<Role> roles) {

        boolean matches(HttpMethod method, PathContainer p) {
            return (methods == null || methods.contains(method)) && path.matches(p);
        }
    }

    private static Rule rule(Set<HttpMethod> methods, String path, Role... roles) {
        return new Rule(methods, PathPatternParser.defaultInstance.parse(path), EnumSet.copyOf(Arrays.asList(roles)));
    }

    public static boolean isPublic(String path) {
        PathContainer p = PathContainer.parsePath(path);
        return PUBLIC_PATTERNS.stream().anyMatch(pattern -> pattern.matches(p));
    }

    public static boolean allows(Set<Role> roles, HttpMethod method, String path) {
        PathContainer p = PathContainer.parsePath(path);
        for (Rule r : RULES) {
            if (r.matches(method, p) && r.roles().stream().anyMatch(roles::contains)) {
                return true;
            }
        }
        return false;
    }
}
