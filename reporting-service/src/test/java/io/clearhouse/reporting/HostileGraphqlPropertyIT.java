package io.clearhouse.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.testing.PropertyCheck;
import io.clearhouse.testsupport.Hostile;
import io.clearhouse.testsupport.ServiceTestSupport;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Generated hostile GraphQL requests to {@code /graphql} as FINANCE: malformed queries, deep nesting,
 * alias and fragment floods, unknown fields, wrong argument and variable types, huge numbers, absurd
 * dates and cursors, control characters, invalid UTF-8, duplicate keys, bodies that are not JSON. The
 * answer is never a 5xx: either GraphQL's own shape with {@code errors} (and no data leaked for the
 * failing field) or a 4xx problem+json for a body that is not a GraphQL request; nothing is written
 * (the read models' row counts do not move); and a valid query still answers afterwards. Seeded: the
 * seed is printed; {@code -Dclearhouse.property.seed=<seed>} replays.
 */
class HostileGraphqlPropertyIT extends ReportingITBase {

    private static final int TRIES = 60;
    private static final String VALID = "{ statements(from: \"2024-01-01\", to: \"2024-01-02\") { edges { cursor } } }";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One request body and what is hostile in it. */
    record Case(String description, byte[] body) {
        @Override
        public String toString() {
            return description + ": " + Hostile.preview(body);
        }
    }

    @Test
    void hostileGraphqlRequestsGetGraphqlErrorsOr4xxNeverA5xxAndChangeNothing() throws Exception {
        long before = rows();
        Hostile.withSeed("hostile GraphQL", () -> PropertyCheck.forAll(HostileGraphqlPropertyIT::hostile)
                .edgeCases(edgeCases())
                .tries(TRIES)
                .check(c -> {
                    HttpResponse<String> r = post(c.body());
                    assertThat(r.statusCode()).as(r.body()).isBetween(200, 499);
                    String type = r.headers().firstValue("Content-Type").orElse("");
                    if (type.startsWith("application/problem+json")) {
                        assertThat(r.statusCode()).isBetween(400, 499);
                        assertThat(json.readTree(r.body()).get("type").asString())
                                .startsWith("https://clearhouse.io/problems/");
                    } else {
                        JsonNode body = json.readTree(r.body());
                        assertThat(body.has("errors") && !body.get("errors").isEmpty())
                                .as("GraphQL errors in " + r.body()).isTrue();
                    }
                }));
        assertThat(rows()).isEqualTo(before);
        // the service still answers a valid query
        HttpResponse<String> ok = post(Hostile.utf8(json.writeValueAsString(java.util.Map.of("query", VALID))));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json.readTree(ok.body()).get("data").get("statements").get("edges").isArray()).isTrue();
    }

    private long rows() {
        return jdbc.queryForObject("SELECT (SELECT count(*) FROM statements) + (SELECT count(*) FROM statement_lines)",
                Long.class);
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        HttpRequest request = ServiceTestSupport.signedJson(port, "POST", "/graphql", body, "fin-1", "FINANCE", null)
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json").build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<Case> edgeCases() {
        return List.of(
                request("deep selection", "{ statements(from: \"2024-01-01\", to: \"2024-01-02\") { "
                        + "edges { node { lines { edges { node { lines { edges { node { x } } } } } } } } } }", null),
                request("first huge", "{ statements(from: \"2024-01-01\", to: \"2024-01-02\", first: 2147483647) "
                        + "{ edges { cursor } } }", null),
                request("first overflows Int", "{ statements(from: \"2024-01-01\", to: \"2024-01-02\", first: "
                        + "99999999999999999999) { edges { cursor } } }", null),
                request("year 0", "{ statements(from: \"0000-01-01\", to: \"+999999999-12-31\") { edges { cursor } } }",
                        null),
                request("forged cursor", "{ statements(from: \"2024-01-01\", to: \"2024-01-02\", after: \"" + "A".repeat(
                        5_000) + "\") { edges { cursor } } }", null),
                request("a mutation", "mutation { x }", null),
                request("variables of the wrong type", "query($f: Int) { statements(from: \"2024-01-01\", to: "
                        + "\"2024-01-02\", first: $f) { edges { cursor } } }", "{\"f\":\"1e999999999\"}"),
                request("alias flood", "{ " + aliases(2_000) + " }", null),
                request("fragment cycle", "{ statements(from: \"2024-01-01\", to: \"2024-01-02\") { ...A } } "
                        + "fragment A on StatementConnection { ...B } fragment B on StatementConnection { ...A }", null),
                new Case("not JSON", Hostile.utf8("query { statements }")),
                new Case("nested JSON", Hostile.utf8("{\"query\":" + Hostile.nested(new Random(4), 5_000) + "}")),
                new Case("duplicate query keys", Hostile.utf8("{\"query\":\"" + VALID.replace("\"", "\\\"")
                        + "\",\"query\":\"{ __schema { types { name } } }\"}")),
                new Case("invalid UTF-8", Hostile.concat(Hostile.utf8("{\"query\":\"{ statements(from: \\\""),
                        new byte[] {(byte) 0xC0, (byte) 0xAF}, Hostile.utf8("\\\") }\"}"))));
    }

    private static Case hostile(Random r) {
        String from = "2024-01-01";
        String to = "2024-01-02";
        String field = Hostile.oneOf(r, List.of("statements", "dailyActivity", "breaks", "reports"));
        String args;
        String what;
        switch (r.nextInt(7)) {
            case 0 -> {
                from = Hostile.oneOf(r, Hostile.BAD_DATES);
                args = "from: " + Hostile.quote(from) + ", to: \"" + to + "\"";
                what = field + " from " + from;
            }
            case 1 -> {
                String first = Hostile.oneOf(r, List.of("0", "-1", "201", "2147483648", "1e999999999", "1.5", "\"10\"",
                        "[1]", "9".repeat(400)));
                args = "from: \"" + from + "\", to: \"" + to + "\", first: " + first;
                what = field + " first " + first;
            }
            case 2 -> {
                args = "from: \"" + from + "\", to: \"" + to + "\", after: " + Hostile.quote(Hostile.string(r) + "!");
                what = field + " hostile cursor";
            }
            case 3 -> {
                args = "from: \"2000-01-01\", to: \"2099-12-31\"";
                what = field + " range of a century";
            }
            case 4 -> {
                args = "from: \"" + from + "\", to: \"" + to + "\", providerId: " + Hostile.quote(Hostile.string(r))
                        + ", unknownArgument: 1";
                what = field + " unknown argument";
            }
            case 5 -> {
                int depth = 20 + r.nextInt(200);
                return request("depth " + field, "{ " + field + "(from: \"" + from + "\", to: \"" + to + "\") "
                        + "{ edges { node { " + "a { ".repeat(depth) + "b" + " }".repeat(depth) + " } } } }", null);
            }
            default -> {
                // mangled bytes of a request that is itself refused (first: 0), so no mangling can make it valid
                return new Case("mangled body", Hostile.mangle(r, Hostile.utf8("{\"query\":" + Hostile.quote(
                        "{ " + field + "(from: \"" + from + "\", to: \"" + to + "\", first: 0) { edges { cursor } }")
                        + "}")));
            }
        }
        return request(what, "{ " + field + "(" + args + ") { edges { cursor } } }", null);
    }

    private static String aliases(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("a").append(i).append(": statements(from: \"2024-01-01\", to: \"2024-01-02\") { edges { cursor } } ");
        }
        return b.toString();
    }

    private static Case request(String what, String query, String variables) {
        return new Case(what, Hostile.utf8("{\"query\":" + Hostile.quote(query)
                + (variables == null ? "" : ",\"variables\":" + variables) + "}"));
    }

}
