package io.clearhouse.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    @Test
    void theSameSeedAndSizeGiveTheSameRequestsAndTheSameExpectedFiguresOnAnyDay() {
        Workload a = new Workload(7, 500, TODAY);
        Workload b = new Workload(7, 500, TODAY.plusDays(3));

        assertThat(a.requestCount()).isEqualTo(b.requestCount());
        assertThat(a.originals().keySet()).containsExactlyElementsOf(b.originals().keySet());
        Set<String> all = a.originals().keySet();
        assertThat(Checker.hash(Checker.expectedFigures(a.originals(), all)))
                .isEqualTo(Checker.hash(Checker.expectedFigures(b.originals(), b.originals().keySet())));
        assertThat(Checker.hash(Checker.expectedFigures(new Workload(8, 500, TODAY).originals(), all)))
                .as("another seed").isNotEqualTo(Checker.hash(Checker.expectedFigures(a.originals(), all)));
    }

    @Test
    void everyProviderSendsBatchesSinglesResendsLateTransactionsAndConflictsOfKnownIds() {
        Workload w = new Workload(42, 800, TODAY);

        assertThat(w.providers()).hasSize(4).allMatch(p -> p.startsWith("chaos-"));
        for (List<Workload.Request> requests : w.plan().values()) {
            Set<Workload.Kind> kinds = new HashSet<>();
            requests.forEach(r -> kinds.add(r.kind()));
            assertThat(kinds).containsExactlyInAnyOrder(Workload.Kind.values());
            Set<String> firstSent = new HashSet<>();
            for (Workload.Request r : requests) {
                assertThat(r.transactions()).isNotEmpty().hasSizeLessThanOrEqualTo(150);
                for (Map<String, Object> tx : r.transactions()) {
                    String key = Workload.key(r.provider(), tx);
                    switch (r.kind()) {
                        case RESEND, CONFLICT -> assertThat(firstSent).as("a resend or conflict repeats a sent id")
                                .contains(key);
                        default -> assertThat(firstSent.add(key)).as("first sent once: " + key).isTrue();
                    }
                }
            }
        }
        long rollbacks = w.originals().values().stream().filter(tx -> "ROLLBACK".equals(tx.get("type"))).count();
        assertThat(rollbacks).isPositive();
    }

    @Test
    void expectedFiguresCountOnlyAcceptedTransactionsAsFirstSent() {
        Workload w = new Workload(3, 300, TODAY);
        Map<String, Map<String, Object>> originals = w.originals();
        String oneBet = originals.entrySet().stream().filter(e -> "BET".equals(e.getValue().get("type")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Set<String> allButOne = new HashSet<>(originals.keySet());
        allButOne.remove(oneBet);

        long betsAll = Checker.expectedFigures(originals, originals.keySet()).values().stream().mapToLong(v -> v[0]).sum();
        long betsLess = Checker.expectedFigures(originals, allButOne).values().stream().mapToLong(v -> v[0]).sum();

        assertThat(betsAll - betsLess).isEqualTo(1);
    }
}
