package io.clearhouse.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PropertyCheckTest {

    /** The build's seed (the root POM's), put back after each test so later properties in this JVM keep it. */
    private final String buildSeed = System.getProperty(PropertyCheck.SEED_PROPERTY);

    @AfterEach
    void restoreTheBuildsSeed() {
        if (buildSeed == null) {
            System.clearProperty(PropertyCheck.SEED_PROPERTY);
        } else {
            System.setProperty(PropertyCheck.SEED_PROPERTY, buildSeed);
        }
    }

    @Test
    void randomAsksForANewSeedOnEveryRun() {
        System.setProperty(PropertyCheck.SEED_PROPERTY, PropertyCheck.RANDOM);
        assertThat(IntStream.range(0, 5).mapToLong(i -> PropertyCheck.seed()).distinct().count()).isGreaterThan(1);
        System.setProperty(PropertyCheck.SEED_PROPERTY, " 123 ");
        assertThat(PropertyCheck.seed()).isEqualTo(123);
    }

    @Test
    void aFailureNamesTheSeedTheTryAndTheInputAndKeepsTheCause() {
        System.setProperty(PropertyCheck.SEED_PROPERTY, "42");

        assertThatThrownBy(() -> PropertyCheck.forAll(r -> r.nextInt(100)).tries(1_000)
                .check(x -> assertThat(x).isLessThan(90)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("seed 42 (replay with -Dclearhouse.property.seed=42)")
                .hasMessageContaining("on try ")
                .hasMessageContaining("input: 9")
                .cause().hasMessageContaining("to be less than");
    }

    @Test
    void theSameSeedDrawsTheSameInputsAndAnotherSeedOthers() {
        System.setProperty(PropertyCheck.SEED_PROPERTY, "7");
        List<Long> first = drawn();
        List<Long> again = drawn();
        System.setProperty(PropertyCheck.SEED_PROPERTY, "8");
        List<Long> other = drawn();

        assertThat(again).hasSize(50).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aFailingInputIsShrunkToTheSimplestThatStillFails() {
        assertThatThrownBy(() -> PropertyCheck.forAll(r -> Gen.longBetween(r, 0, 1_000_000)).tries(10_000)
                .shrinkWith(x -> Gen.shrinkLong(x, 0))
                .check(x -> assertThat(x).isLessThan(1_234)))
                .hasMessageContaining("shrunk input")
                .hasMessageContaining(": 1234" + System.lineSeparator());
    }

    @Test
    void aListShrinksToTheElementsThatMatter() {
        assertThatThrownBy(() -> PropertyCheck.forAll(r -> IntStream.range(0, 1 + r.nextInt(40))
                        .mapToObj(i -> r.nextInt(10)).toList()).tries(1_000)
                .shrinkWith(l -> Gen.shrinkList(l, 0))
                .check(l -> assertThat(l.stream().filter(x -> x == 7).count()).isLessThan(2)))
                .hasMessageContaining("shrunk input").hasMessageContaining(": [7, 7]" + System.lineSeparator());
    }

    @Test
    void edgeCasesRunBeforeTheRandomInputs() {
        List<Integer> seen = new ArrayList<>();
        PropertyCheck.forAll(r -> 5 + r.nextInt(5)).edgeCases(List.of(0, Integer.MAX_VALUE)).tries(3).check(seen::add);

        assertThat(seen).hasSize(5).startsWith(0, Integer.MAX_VALUE);
        assertThat(seen.subList(2, 5)).allMatch(x -> x >= 5 && x < 10);
    }

    @Test
    void numbersStayInTheirRangeAndReachItsEdges() {
        Random random = new Random(1);
        List<Long> drawn = IntStream.range(0, 20_000).mapToObj(i -> Gen.longBetween(random, 1, 50_000_000L)).toList();
        List<Long> any = IntStream.range(0, 20_000).mapToObj(i -> Gen.anyLong(random)).toList();

        assertThat(drawn).allMatch(x -> x >= 1 && x <= 50_000_000L).contains(1L, 2L, 49_999_999L, 50_000_000L);
        assertThat(drawn).anyMatch(x -> x < 1_000).anyMatch(x -> x > 1_000_000);
        assertThat(any).contains(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L, -1L)
                .anyMatch(x -> Math.abs(x) > 1_000 && Math.abs(x) < 1_000_000);
    }

    private static List<Long> drawn() {
        List<Long> inputs = new ArrayList<>();
        PropertyCheck.forAll(Gen::anyLong).tries(50).check(inputs::add);
        return inputs;
    }
}
