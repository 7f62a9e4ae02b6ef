package io.clearhouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HarnessTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theMixIsTheSameForTheSameSeedAndResendsAreByteForByteEqual() {
        List<TrafficMix.Outgoing> a = generate(TrafficMix.realistic(List.of("p1", "p2", "p3", "p4"), "run", 42L), 5_000);
        List<TrafficMix.Outgoing> b = generate(TrafficMix.realistic(List.of("p1", "p2", "p3", "p4"), "run", 42L), 5_000);

        for (int i = 0; i < a.size(); i++) {
            // occurredAt is "a minute ago" when generated; everything else is the seed's
            assertThat(withoutTime(a.get(i).body())).isEqualTo(withoutTime(b.get(i).body()));
        }
        List<TrafficMix.Outgoing> resends = a.stream().filter(TrafficMix.Outgoing::duplicate).toList();
        assertThat(resends).hasSizeBetween(20, 100);
        for (TrafficMix.Outgoing resend : resends) {
            TrafficMix.Outgoing original = a.stream().filter(o -> !o.duplicate()
                    && o.providerTxId().equals(resend.providerTxId())).findFirst().orElseThrow();
            assertThat(resend.body()).isEqualTo(original.body());
            assertThat(resend.providerId()).isEqualTo(original.providerId());
        }
    }

    @Test
    void theMixHasWinsRollbacksOfEarlierBetsAndAmountsInEachCurrencysScale() throws Exception {
        List<TrafficMix.Outgoing> all = generate(TrafficMix.realistic(List.of("p1", "p2", "p3", "p4"), "run", 7L), 5_000);
        Set<String> bets = new HashSet<>();
        Set<String> types = new HashSet<>();
        Set<String> currencies = new HashSet<>();
        for (TrafficMix.Outgoing o : all) {
            JsonNode tx = JSON.readTree(o.body());
            String type = tx.get("type").asString();
            String amount = tx.get("amount").asString();
            String currency = tx.get("currency").asString();
            types.add(type);
            currencies.add(currency);
            int fraction = amount.contains(".") ? amount.length() - amount.indexOf('.') - 1 : 0;
            int scale = switch (currency) {
                case "KRW", "JPY" -> 0;
                case "KWD" -> 3;
                default -> 2;
            };
            assertThat(fraction).as(amount + " " + currency).isEqualTo(scale);
            if (type.equals("BET")) {
                bets.add(tx.get("providerTxId").asString());
            }
            if (type.equals("ROLLBACK")) {
                assertThat(bets).as("a rollback refers to a bet sent before it").contains(tx.get("refTxId").asString());
            }
        }
        assertThat(types).contains("BET", "WIN", "ROLLBACK");
        assertThat(currencies).contains("EUR", "USD", "KRW", "JPY", "KWD");
    }

    @Test
    void aReportIsWrittenAsJsonAndMarkdownWithRatiosToTheCeilings(@TempDir Path home) throws Exception {
        BenchReport report = new BenchReport("unit");
        report.ceiling(BenchReport.COPY, "machine: COPY", 100_000, "rows/s");
        report.figure("end to end", 5_000, "tx/s", BenchReport.COPY);
        report.table("sweep", List.of("rate", "p99"), List.of(List.of("500", "12.0")));

        report.write(home);

        JsonNode json = JSON.readTree(Files.readString(home.resolve("bench/results/unit-latest.json")));
        assertThat(json.get("ceilings").get(BenchReport.COPY).asDouble()).isEqualTo(100_000);
        assertThat(json.get("figures").get(1).get("ratio").asDouble()).isEqualTo(0.05);
        assertThat(json.get("environment").get("cores").asInt()).isPositive();
        assertThat(json.get("environment").has("commit")).isTrue();
        assertThat(Files.readString(home.resolve("bench/results/unit-latest.md")))
                .contains("| end to end | 5,000.0 | tx/s | 5.00 % of " + BenchReport.COPY + " |")
                .contains("| 500 | 12.0 |");
    }

    private static JsonNode withoutTime(byte[] body) {
        tools.jackson.databind.node.ObjectNode tx = (tools.jackson.databind.node.ObjectNode) JSON.readTree(body);
        tx.remove("occurredAt");
        return tx;
    }

    private static List<TrafficMix.Outgoing> generate(TrafficMix mix, int n) {
        List<TrafficMix.Outgoing> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(mix.next());
        }
        return out;
    }
}
