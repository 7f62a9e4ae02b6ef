package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.testing.PropertyCheck;
import io.clearhouse.testsupport.Hostile;
import io.clearhouse.testsupport.ServiceTestSupport;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Generated hostile files against settlement's write endpoints — the contract YAML import, the ECB FX
 * CSV import, the JSON rate load and the JSON contract — each signed by the gateway for a FINANCE
 * user: whatever they hold (huge numbers and exponents, absurd dates, wrong types, control
 * characters, invalid UTF-8, deep nesting, YAML alias bombs, duplicate keys, a bad item after good
 * ones), the answer is a 4xx problem+json, no row changes (contracts, rates, imports, audit), and a
 * valid request still works afterwards. Seeded: the seed is printed; {@code
 * -Dclearhouse.property.seed=<seed>} replays.
 */
class HostileInputPropertyIT extends SettlementITBase {

    private static final int TRIES = 30;

    /** Texts no FX rate may take: not a decimal, not positive, too many digits either side, absurd exponents. */
    private static final List<String> BAD_RATES = List.of("1e999999999", "-1e-999999999", "1e-999999999",
            "1E+2147483648", "9".repeat(400), "1." + "0".repeat(300) + "1", "NaN", "Infinity", "-Infinity", "0x1F",
            "1.2.3", "1_000", "-", ".", "1e", "+-1", "1.7976931348623157e309", "0", "-1.08", "0.0000000000000000001",
            "9223372036854775808", "abc", "1.08x");
    private static final String ROWS = "SELECT (SELECT count(*) FROM contracts) + (SELECT count(*) FROM fx_rates)"
            + " + (SELECT count(*) FROM fx_imports) + (SELECT count(*) FROM audit_log)";

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One request: where, as what, the bytes, and what was done to them. */
    record Case(String path, String contentType, String description, byte[] body) {
        @Override
        public String toString() {
            return path + " " + description + ": " + Hostile.preview(body);
        }
    }

    @Test
    void hostileContractYamlIsRefusedWith4xxAndStoresNothing() {
        check("hostile contract YAML", List.of(
                yaml("alias bomb", "reason: x\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                        + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                        + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\ncontracts: *e\n"),
                yaml("a good contract then a bad one", contracts(goodContract("good-first"),
                        contract("bad-second", "2026-01-01", "EUR", "1e999999999"))),
                yaml("effectiveFrom year 0", contracts(contract("y0", "0000-01-01", "EUR", "0.10"))),
                yaml("effectiveFrom year 999999999", contracts(contract("ymax", "+999999999-12-31", "EUR", "0.10"))),
                yaml("rate exponent", contracts(contract("exp", "2026-01-01", "EUR", "1e-999999999"))),
                yaml("deep nesting", "reason: x\ncontracts: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n"),
                new Case("/v1/contracts/import", "application/yaml", "invalid UTF-8",
                        Hostile.concat(Hostile.utf8("reason: \""), new byte[] {(byte) 0xC0, (byte) 0xAF},
                                Hostile.utf8("\"\ncontracts: []\n")))), this::hostileYaml);
    }

    @Test
    void hostileFxCsvIsRefusedWith4xxAndStoresNothing() {
        check("hostile FX CSV", List.of(
                csv("rate exponent", "Date,USD,\n2026-10-24,1e999999999,\n"),
                csv("rate tiny exponent", "Date,USD,\n2026-10-24,1e-999999999,\n"),
                csv("year 0", "Date,USD,\n0000-10-24,1.08,\n"),
                csv("year 999999999", "Date,USD,\n+999999999-10-24,1.08,\n"),
                csv("a good row then a bad one", "Date,USD,JPY,\n2026-10-23,1.08,160.1,\n2026-10-24,1.08,abc,\n"),
                csv("40 digits", "Date,USD,\n2026-10-24," + "9".repeat(40) + ",\n"),
                csv("only a header", "Date,USD\n")), this::hostileCsv);
    }

    @Test
    void hostileJsonRatesAndContractsAreRefusedWith4xxAndStoreNothing() {
        check("hostile JSON rates and contracts", List.of(
                json("/v1/fx/rates", "rate exponent", "{\"reason\":\"x\",\"rates\":[{\"base\":\"EUR\",\"quote\":\"USD\","
                        + "\"date\":\"2026-10-24\",\"rate\":\"1e999999999\",\"source\":\"t\"}]}"),
                json("/v1/fx/rates", "rate number exponent", "{\"reason\":\"x\",\"rates\":[{\"base\":\"EUR\","
                        + "\"quote\":\"USD\",\"date\":\"2026-10-24\",\"rate\":1e999999999,\"source\":\"t\"}]}"),
                json("/v1/fx/rates", "year 999999999", "{\"reason\":\"x\",\"rates\":[{\"base\":\"EUR\",\"quote\":\"USD\","
                        + "\"date\":\"+999999999-10-24\",\"rate\":\"1.08\",\"source\":\"t\"}]}"),
                json("/v1/contracts", "deep nesting", "{\"reason\":\"x\",\"terms\":" + Hostile.nested(new Random(2), 3_000)
                        + "}")), this::hostileJson);
    }

    private void check(String what, List<Case> edges, java.util.function.Function<Random, Case> generator) {
        long before = rows();
        Hostile.withSeed(what, () -> PropertyCheck.forAll(generator).edgeCases(edges).tries(TRIES).check(c -> {
            long rowsBefore = rows();
            HttpResponse<String> r = send(c);
            assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json.readTree(r.body()).get("type").asString()).startsWith("https://clearhouse.io/problems/");
            assertThat(rows()).as("rows after " + c.description()).isEqualTo(rowsBefore);
        }));
        assertThat(rows()).isEqualTo(before);
        // the service still serves: a valid write goes through
        try {
            String provider = uniqueProvider("after-hostile");
            assertThat(post("/v1/contracts", workedExampleContract(provider, LocalDate.of(2026, 1, 1)), "carol",
                    "FINANCE").status()).isEqualTo(201);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long rows() {
        return jdbc.queryForObject(ROWS, Long.class);
    }

    private HttpResponse<String> send(Case c) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(c.path())).timeout(Duration.ofSeconds(60))
                .header("Content-Type", c.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        ServiceTestSupport.callerHeaders("POST", c.path(), c.body(), "carol", "FINANCE", null).forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- generators

    private Case hostileYaml(Random r) {
        List<String> items = new ArrayList<>();
        int good = r.nextInt(3);
        for (int i = 0; i < good; i++) {
            items.add(goodContract("g" + i + "-" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36)));
        }
        String provider = "h-" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
        String effective = "2026-01-01";
        String currency = "EUR";
        String rate = "0.10";
        String what;
        switch (r.nextInt(6)) {
            case 0 -> {
                effective = Hostile.oneOf(r, Hostile.BAD_DATES);
                what = "effectiveFrom " + effective;
            }
            case 1 -> {
                currency = Hostile.oneOf(r, List.of("XXX", "eur", "", "E\u0000R", "12"));
                what = "currency " + currency;
            }
            case 2 -> {
                rate = Hostile.oneOf(r, List.of("1e999999999", "1e-999999999", "1.5", "-0.1", "NaN", "abc", "", "1,0",
                        "0." + "1".repeat(30), "9".repeat(400), "0x1"));
                what = "rate " + rate;
            }
            case 3 -> {
                provider = "H" + Hostile.string(r); // never a valid id (upper case)
                what = "providerId hostile";
            }
            case 4 -> {
                rate = Hostile.oneOf(r, List.of("-0.1", "1.5", "[]", "{}", "~", "!!binary AAAA", ".nan", ".inf"));
                what = "rate " + rate;
            }
            default -> {
                what = "duplicate keys";
                items.add(contract(provider, effective, currency, rate) + "    effectiveFrom: \"0000-01-01\"\n");
                return yaml(what, contracts(items.toArray(String[]::new)));
            }
        }
        items.add(contract(provider, effective, currency, rate));
        Case c = yaml(what, contracts(items.toArray(String[]::new)));
        // bytes that are not UTF-8 appended (never cut: a cut could drop the poisoned contract)
        return r.nextInt(5) == 0 ? new Case(c.path(), c.contentType(), c.description() + ", invalid UTF-8",
                Hostile.concat(c.body(), Hostile.invalidUtf8(r))) : c;
    }

    private Case hostileCsv(Random r) {
        StringBuilder b = new StringBuilder("Date,USD,JPY,GBP,\n");
        int good = r.nextInt(3);
        for (int i = 0; i < good; i++) {
            b.append("2026-10-").append(10 + i).append(",1.0").append(i).append(",160.1,0.85,\n");
        }
        String what;
        switch (r.nextInt(4)) {
            case 0 -> {
                String date = Hostile.oneOf(r, Hostile.BAD_DATES);
                b.append(date.replace(",", "")).append(",1.08,160.1,0.85,\n");
                what = "date " + date;
            }
            case 1 -> {
                String rate = Hostile.oneOf(r, BAD_RATES);
                b.append("2026-10-20,").append(rate).append(",160.1,0.85,\n");
                what = "rate " + rate;
            }
            case 2 -> {
                b.append("2026-10-20,").append(Hostile.string(r).replace(",", ";").replace("\n", " ")
                        .replace("\r", " ")).append("x,160.1,0.85,\n");
                what = "hostile cell";
            }
            default -> {
                b.append("2026-10-20,-1.08,160.1,0.85,\n");
                what = "negative rate";
            }
        }
        Case c = csv(what, b.toString());
        return r.nextInt(5) == 0 ? new Case(c.path(), c.contentType(), what + ", invalid UTF-8",
                Hostile.concat(c.body(), Hostile.invalidUtf8(r))) : c;
    }

    private Case hostileJson(Random r) {
        String rate = Hostile.quote("1.08");
        String date = Hostile.quote("2026-10-20");
        String base = Hostile.quote("EUR");
        String what;
        switch (r.nextInt(5)) {
            case 0 -> {
                rate = r.nextBoolean() ? Hostile.quote(Hostile.oneOf(r, BAD_RATES))
                        : Hostile.oneOf(r, List.of("1e999999999", "-1", "0", "null", "[]", "true", "9".repeat(900)));
                what = "rate " + rate;
            }
            case 1 -> {
                date = r.nextBoolean() ? Hostile.quote(Hostile.oneOf(r, Hostile.BAD_DATES)) : Hostile.jsonValue(r);
                what = "date";
            }
            case 2 -> {
                base = Hostile.jsonValue(r);
                what = "base";
            }
            case 3 -> {
                return json("/v1/contracts", "contract with hostile terms", "{\"providerId\":"
                        + Hostile.quote("h-" + r.nextInt(1_000_000)) + ",\"effectiveFrom\":"
                        + Hostile.quote(Hostile.oneOf(r, Hostile.BAD_DATES)) + ",\"reason\":\"x\",\"terms\":"
                        + "{\"settlementCurrency\":\"EUR\",\"games\":{\"SLOT\":{\"base\":\"GGR\",\"rate\":"
                        + Hostile.quote(Hostile.oneOf(r, BAD_RATES)) + "}}}}");
            }
            default -> {
                return json("/v1/fx/rates", "duplicate keys", "{\"reason\":\"x\",\"rates\":[{\"base\":\"EUR\","
                        + "\"quote\":\"USD\",\"date\":\"2026-10-20\",\"rate\":\"1.08\",\"rate\":\"1e999999999\","
                        + "\"source\":\"t\"}]}");
            }
        }
        return json("/v1/fx/rates", what, "{\"reason\":\"x\",\"rates\":[{\"base\":\"EUR\",\"quote\":\"USD\","
                + "\"date\":\"2026-10-19\",\"rate\":\"1.07\",\"source\":\"t\"},{\"base\":" + base + ",\"quote\":\"USD\","
                + "\"date\":" + date + ",\"rate\":" + rate + ",\"source\":\"t\"}]}");
    }

    private static String goodContract(String provider) {
        return contract(provider, "2026-01-01", "EUR", "0.10");
    }

    private static String contract(String provider, String effectiveFrom, String currency, String rate) {
        return "  - providerId: " + Hostile.quote(provider) + "\n    effectiveFrom: " + Hostile.quote(effectiveFrom)
                + "\n    terms:\n      settlementCurrency: " + Hostile.quote(currency)
                + "\n      games:\n        SLOT: { base: GGR, rate: " + (rate.startsWith("[") || rate.startsWith("{")
                || rate.startsWith("~") || rate.startsWith("!!") || rate.startsWith(".") ? rate : Hostile.quote(rate))
                + " }\n";
    }

    private static String contracts(String... items) {
        return "reason: hostile\ncontracts:\n" + String.join("", items);
    }

    private static Case yaml(String what, String text) {
        return new Case("/v1/contracts/import", "application/yaml", what, Hostile.utf8(text));
    }

    private static Case csv(String what, String text) {
        return new Case("/v1/fx/rates/import", "text/csv", what, Hostile.utf8(text));
    }

    private static Case json(String path, String what, String text) {
        return new Case(path, "application/json", what, Hostile.utf8(text));
    }

}
