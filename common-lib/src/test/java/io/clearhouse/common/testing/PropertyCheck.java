package io.clearhouse.common.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * A property checked with seeded JUnit generators (docs/decisions/property-testing.md): first on its
 * explicit edge cases, then on {@code tries} inputs drawn from one {@link Random}. The build fixes the
 * seed (the root POM's {@code clearhouse.property.seed}), so that CI's verdict never depends on luck;
 * {@code -Dclearhouse.property.seed=random} draws a new one to explore other inputs, and a failure names
 * it: {@code -Dclearhouse.property.seed=<seed>} replays exactly the same inputs. A failing input is shrunk
 * greedily when the property gives a shrinker (candidates simpler than the input, simplest first).
 *
 * <pre>{@code
 * PropertyCheck.forAll(r -> new Case(Gen.oneOf(r, CURRENCIES), Gen.anyLong(r)))
 *         .edgeCases(edges).tries(1_000).shrinkWith(Case::simpler)
 *         .check(c -> assertThat(...));
 * }</pre>
 *
 * @param <T> the input of one try (a record when the property has several parameters, so that its
 *            {@code toString} names every value)
 */
public final class PropertyCheck<T> {

    /** System property that fixes the seed, to replay a failure; {@value #RANDOM} (or unset) draws a new one. */
    public static final String SEED_PROPERTY = "clearhouse.property.seed";
    /** The value of {@link #SEED_PROPERTY} that asks for a new seed on every run. */
    public static final String RANDOM = "random";

    /** Shrinking stops after this many re-runs of the property: a bound on the time a failure costs. */
    static final int SHRINK_RUNS_MAX = 2_000;

    /** Inputs longer than this are cut in the failure message (the seed replays them in full). */
    static final int INPUT_CHARS_MAX = 4_000;

    private final Function<Random, ? extends T> generator;
    private List<T> edgeCases = List.of();
    private int tries = 1_000;
    private Function<T, Stream<T>> shrinker = t -> Stream.empty();

    private PropertyCheck(Function<Random, ? extends T> generator) {
        this.generator = Objects.requireNonNull(generator);
    }

    /** A property over the inputs {@code generator} draws; it must draw from the given {@link Random} only. */
    public static <T> PropertyCheck<T> forAll(Function<Random, ? extends T> generator) {
        return new PropertyCheck<>(generator);
    }

    /** Inputs checked, in order, before the random ones: the range ends and special values, stated explicitly. */
    public PropertyCheck<T> edgeCases(List<? extends T> cases) {
        this.edgeCases = List.copyOf(cases);
        return this;
    }

    /** Random inputs after the edge cases (1,000 unless set). */
    public PropertyCheck<T> tries(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("tries must be at least 1, was " + count);
        }
        this.tries = count;
        return this;
    }

    /** Simpler candidates for a failing input, simplest first; each must still be a valid input. */
    public PropertyCheck<T> shrinkWith(Function<T, Stream<T>> candidates) {
        this.shrinker = Objects.requireNonNull(candidates);
        return this;
    }

    /** Runs the property; on the first failure throws an {@link AssertionError} naming the seed and the input. */
    public void check(ThrowingConsumer<? super T> property) {
        long seed = seed();
        for (int i = 0; i < edgeCases.size(); i++) {
            T input = edgeCases.get(i);
            Throwable failure = run(property, input);
            if (failure != null) {
                throw report("edge case " + (i + 1) + " of " + edgeCases.size(), seed, input, failure, property);
            }
        }
        Random random = new Random(seed);
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random);
            Throwable failure = run(property, input);
            if (failure != null) {
                throw report("try " + (i + 1) + " of " + tries + " (after " + edgeCases.size() + " edge cases)",
                        seed, input, failure, property);
            }
        }
    }

    /** The seed {@link #SEED_PROPERTY} names, or a new one when it is unset, blank or {@value #RANDOM}. */
    public static long seed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed == null || fixed.isBlank() || fixed.trim().equalsIgnoreCase(RANDOM)) {
            return ThreadLocalRandom.current().nextLong();
        }
        try {
            return Long.parseLong(fixed.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + " must be a long, was '" + fixed + "'", e);
        }
    }

    private static <T> Throwable run(ThrowingConsumer<? super T> property, T input) {
        try {
            property.accept(input);
            return null;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return t;
        }
    }

    private AssertionError report(String where, long seed, T input, Throwable failure,
                                  ThrowingConsumer<? super T> property) {
        T smallest = input;
        Throwable smallestFailure = failure;
        int steps = 0;
        int runs = 0;
        boolean shrunk = true;
        while (shrunk && runs < SHRINK_RUNS_MAX) {
            shrunk = false;
            Iterator<T> candidates = shrinker.apply(smallest).iterator();
            while (candidates.hasNext() && runs < SHRINK_RUNS_MAX) {
                T candidate = candidates.next();
                runs++;
                Throwable f = run(property, candidate);
                if (f != null) {
                    smallest = candidate;
                    smallestFailure = f;
                    steps++;
                    shrunk = true;
                    break;
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("Property failed on " + where + ", seed " + seed
                + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")");
        if (steps > 0) {
            lines.add("shrunk input (" + steps + " steps): " + cut(smallest));
            lines.add("original input: " + cut(input));
        } else {
            lines.add("input: " + cut(input));
        }
        lines.add("failure: " + smallestFailure);
        AssertionError error = new AssertionError(String.join(System.lineSeparator(), lines), smallestFailure);
        if (smallestFailure != failure) {
            error.addSuppressed(failure);
        }
        return error;
    }

    private static String cut(Object input) {
        String text = String.valueOf(input);
        return text.length() <= INPUT_CHARS_MAX ? text
                : text.substring(0, INPUT_CHARS_MAX) + "… (" + text.length() + " chars; the seed replays it in full)";
    }
}
