package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.testing.PropertyCheck;
import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.auth.NewClient;
import io.clearhouse.gateway.auth.Role;
import io.clearhouse.testsupport.Hostile;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile transactions, single and in batches, signed by a genuine provider: whatever they
 * hold (wrong types, huge or over-precise amounts, absurd dates, control characters, invalid UTF-8,
 * huge strings, deep nesting, duplicate keys, unknown fields, a poisoned item in a batch of good ones),
 * the gateway answers a 4xx problem+json, publishes nothing, and a valid transaction still goes through
 * afterwards. Seeded: the seed is printed; {@code -Dclearhouse.property.seed=<seed>} replays.
 */
class HostileTransactionsPropertyIT extends GatewayITBase {

    /** Each try is a signed HTTP round trip: a modest number keeps the property under ~10 s. */
    private static final int TRIES = 60;

    /** A field change no transaction may carry (every one makes the transaction invalid). */
    private record Poison(String field, String json) {
    }

    /** One request: its body (single object or batch array) and what was done to it. */
    private record Case(boolean batch, String description, byte[] body) {
        @Override
        public String toString() {
            return (batch ? "batch " : "single ") + description + ": " + Hostile.preview(body);
        }
    }

    @Test
    void hostileTransactionsAreRefusedWith4xxProblemJsonAndNothingIsPublished() throws Exception {
        IssuedCredentials p = client(new NewClient(unique("p-hostile"), Role.PROVIDER, "hostile", null, 100_000,
                100_000, "hostile input property"));
        String token = token(p);
        long before = publishedCount();

        Hostile.withSeed("hostile transactions", () -> PropertyCheck.forAll(HostileTransactionsPropertyIT::hostile)
                .edgeCases(edgeCases())
                .tries(TRIES)
                .check(c -> {
                    HttpResponse<String> r = send(signedPost(c.batch() ? "/v1/transactions/batch" : "/v1/transactions",
                            token, p.signingSecret(), c.body()));
                    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
                    assertThat(r.headers().firstValue("Content-Type").orElse(""))
                            .startsWith("application/problem+json");
                    assertThat(body(r).get("type").asString()).startsWith("https://clearhouse.io/problems/");
                }));

        assertThat(publishedCount()).as("nothing published").isEqualTo(before);
        // the gateway still serves: a valid transaction is accepted
        HttpResponse<String> ok = send(signedPost("/v1/transactions", token, p.signingSecret(),
                Hostile.utf8(json(valid(unique("ok"))))));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    }

    private static List<Case> edgeCases() {
        List<Case> edges = new ArrayList<>();
        // the cases of issue 11 and their kin, stated
        for (String occurredAt : List.of("0000-06-15T00:00:00Z", "+999999999-12-31T23:59:59Z", "9999-12-31T23:59:59Z")) {
            Map<String, String> t = valid(unique("edge"));
            t.put("occurredAt", Hostile.quote(occurredAt));
            edges.add(new Case(false, "occurredAt " + occurredAt, Hostile.utf8(json(t))));
        }
        for (String amount : List.of("1e999999999", "9223372036854775807", "92233720368547758.07", "-1.00", "0.001")) {
            Map<String, String> t = valid(unique("edge"));
            t.put("amount", Hostile.quote(amount));
            edges.add(new Case(true, "amount " + amount, Hostile.utf8("[" + json(valid(unique("good"))) + ","
                    + json(t) + "]")));
        }
        edges.add(new Case(false, "deep nesting", Hostile.utf8(Hostile.nested(new Random(1), 5_000))));
        edges.add(new Case(true, "empty batch", Hostile.utf8("[]")));
        edges.add(new Case(false, "duplicate amount", Hostile.utf8(json(valid(unique("dup")))
                .replace("\"amount\":\"1.50\"", "\"amount\":\"1.50\",\"amount\":\"1e999999999\""))));
        edges.add(new Case(false, "lone surrogate id", Hostile.utf8(json(valid("SURROGATE")).replace("SURROGATE",
                "\\ud800"))));
        edges.add(new Case(false, "invalid UTF-8", Hostile.concat(Hostile.utf8("{\"providerTxId\":\""),
                new byte[] {(byte) 0xC0, (byte) 0xAF}, Hostile.utf8("\"}"))));
        return edges;
    }

    private static Case hostile(Random r) {
        boolean batch = r.nextInt(3) > 0;
        List<String> items = new ArrayList<>();
        List<String> what = new ArrayList<>();
        int size = batch ? 1 + r.nextInt(5) : 1;
        int poisoned = r.nextInt(size);
        for (int i = 0; i < size; i++) {
            Map<String, String> t = valid("h-" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36));
            if (i == poisoned) {
                Poison poison = poison(r);
                what.add("[" + i + "]." + poison.field());
                if (poison.field().isEmpty()) {
                    items.add(poison.json());
                    continue;
                }
                t.put(poison.field(), poison.json());
                for (int extra = r.nextInt(3); extra > 0; extra--) {
                    Poison more = poison(r);
                    if (!more.field().isEmpty()) {
                        t.put(more.field(), more.json());
                    }
                }
            }
            items.add(json(t));
        }
        String text = batch ? "[" + String.join(",", items) + "]" : items.get(0);
        byte[] body = Hostile.utf8(text);
        if (r.nextInt(5) == 0) {
            body = Hostile.mangle(r, body);
            what.add("mangled bytes");
        }
        return new Case(batch, String.join(", ", what), body);
    }

    /** A change that makes a transaction invalid; an empty field means the whole item is replaced. */
    private static Poison poison(Random r) {
        return switch (r.nextInt(14)) {
            case 0 -> new Poison("amount", Hostile.quote(Hostile.oneOf(r, Hostile.BAD_DECIMALS)));
            case 1 -> new Poison("amount", Hostile.oneOf(r, List.of("1.50", "1e999999999", "-1", "null", "true",
                    "[\"1.50\"]", "{\"v\":\"1.50\"}")));
            case 2 -> new Poison("occurredAt", Hostile.quote(Hostile.oneOf(r, Hostile.BAD_INSTANTS)));
            case 3 -> new Poison("currency", Hostile.quote(Hostile.oneOf(r, List.of("XXX", "eur", "EURO", "", "\u20ac",
                    "E\u0000R", "US"))));
            case 4 -> new Poison("type", Hostile.quote(Hostile.oneOf(r, List.of("BETX", "bet", "", "ROLLBACK",
                    "ADJUSTMENT", "\u0000"))));
            case 5 -> new Poison("gameType", Hostile.quote(Hostile.oneOf(r, List.of("SLOTS", "", "slot", "\u202e"))));
            case 6 -> new Poison("providerTxId", Hostile.quote(Hostile.oneOf(r, List.of("", " ", "\u0000", "x".repeat(
                    5_000), "a\r\nb", "\ud800"))));
            case 7 -> new Poison("providerTxId", Hostile.jsonValue(r).startsWith("\"") ? "null" : Hostile.jsonValue(r));
            case 8 -> new Poison("providerId", Hostile.quote("other-provider"));
            case 9 -> new Poison("unexpected" + r.nextInt(1000), Hostile.jsonValue(r));
            case 10 -> new Poison("playerRef", Hostile.quote("x".repeat(4_097 + r.nextInt(20_000))));
            case 11 -> new Poison("", Hostile.oneOf(r, List.of("null", "1", "\"tx\"", "[]", "true")));
            case 12 -> new Poison("", Hostile.nested(r, 17 + r.nextInt(3_000)));
            default -> new Poison("jackpotContribution", Hostile.quote(Hostile.oneOf(r, Hostile.BAD_DECIMALS)));
        };
    }

    /** A valid transaction's fields as JSON texts (values already encoded), in wire order. */
    private static Map<String, String> valid(String providerTxId) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("providerTxId", Hostile.quote(providerTxId));
        t.put("roundId", "\"r-1\"");
        t.put("playerRef", "\"pl-1\"");
        t.put("brandId", "\"b-1\"");
        t.put("gameId", "\"g-1\"");
        t.put("gameType", "\"SLOT\"");
        t.put("type", "\"BET\"");
        t.put("amount", "\"1.50\"");
        t.put("currency", "\"EUR\"");
        t.put("occurredAt", Hostile.quote(Instant.now().minusSeconds(3_600).toString()));
        return t;
    }

    private static String json(Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() == 1 ? "" : ",").append(Hostile.quote(k)).append(':').append(v));
        return b.append('}').toString();
    }

}
