package io.clearhouse.common.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generators and shrinkers for {@link PropertyCheck}: numbers mix in their range's edges and values
 * near them (edge cases are mixed into every draw), and are spread over every magnitude rather than
 * only the huge ones a uniform draw over a wide range gives.
 */
public final class Gen {

    /** One draw in this many is an edge of the range (min, min+1, -1, 0, 1, max-1, max). */
    static final int EDGE_ONE_IN = 8;

    /** How far from an edge a "near an edge" draw lands. */
    static final int NEAR_EDGE_MAX = 1_000;

    private static final String SPECIAL_CHARS = "\u0000\t\n\r \"\\,.-+eE\u00a0\u0660\u0663\uff10\uff11\u2212\ufeff\ud800\udfff\uffff";

    private Gen() {
    }

    public static <T> T oneOf(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    @SafeVarargs
    public static <T> T oneOf(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** Any long: edges, values near them, every magnitude, uniform. */
    public static long anyLong(Random random) {
        return longBetween(random, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A long in {@code [min, max]}: its edges, values near them, every magnitude, uniform. */
    public static long longBetween(Random random, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        int pick = random.nextInt(EDGE_ONE_IN);
        if (pick == 0) {
            return oneOf(random, longEdges(min, max));
        }
        if (pick <= 2) {
            long edge = oneOf(random, longEdges(min, max));
            long near = saturatedAdd(edge, random.nextInt(2 * NEAR_EDGE_MAX + 1) - NEAR_EDGE_MAX);
            return Math.max(min, Math.min(max, near));
        }
        if (pick <= 4) {
            long magnitude = random.nextLong() >>> (1 + random.nextInt(63));
            long value = random.nextBoolean() ? magnitude : -magnitude;
            if (value >= min && value <= max) {
                return value;
            }
        }
        return uniform(random, min, max);
    }

    /** An int in {@code [min, max]}, drawn as {@link #longBetween}. */
    public static int intBetween(Random random, int min, int max) {
        return (int) longBetween(random, min, max);
    }

    /** The edges of {@code [min, max]}: both ends, one inside each, and -1, 0, 1 where inside. */
    public static List<Long> longEdges(long min, long max) {
        Set<Long> edges = new LinkedHashSet<>();
        edges.add(min);
        if (min < max) {
            edges.add(min + 1);
        }
        for (long v = -1; v <= 1; v++) {
            if (v >= min && v <= max) {
                edges.add(v);
            }
        }
        if (min < max) {
            edges.add(max - 1);
        }
        edges.add(max);
        return List.copyOf(edges);
    }

    public static List<Integer> intEdges(int min, int max) {
        return longEdges(min, max).stream().map(Long::intValue).toList();
    }

    /** A string of {@code alphabet}'s chars, its length in {@code [minLength, maxLength]} (both ends mixed in). */
    public static String string(Random random, String alphabet, int minLength, int maxLength) {
        int length = intBetween(random, minLength, maxLength);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** A string of any chars (see {@link #anyChar}), its length in {@code [minLength, maxLength]}. */
    public static String anyString(Random random, int minLength, int maxLength) {
        int length = intBetween(random, minLength, maxLength);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(anyChar(random));
        }
        return s.toString();
    }

    /** Any UTF-16 char, lone surrogates included, with printable ASCII and troublesome chars favoured. */
    public static char anyChar(Random random) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> (char) (0x20 + random.nextInt(0x7f - 0x20));
            case 2 -> (char) random.nextInt(0x20);
            case 3 -> SPECIAL_CHARS.charAt(random.nextInt(SPECIAL_CHARS.length()));
            default -> (char) random.nextInt(Character.MAX_VALUE + 1);
        };
    }

    // ------------------------------------------------------------------ shrinkers

    /**
     * Values between {@code target} and {@code value}, nearest {@code target} first: the target, then
     * ever smaller steps back from it (so a greedy shrink takes O(log² distance) runs, not O(distance)).
     */
    public static Stream<Long> shrinkLong(long value, long target) {
        if (value == target) {
            return Stream.empty();
        }
        long distance;
        try {
            distance = Math.subtractExact(value, target);
        } catch (ArithmeticException overflow) {
            distance = value / 2 - target / 2;   // at least half the way: still between the two
        }
        List<Long> candidates = new ArrayList<>();
        candidates.add(target);
        for (long step = distance / 2; step != 0; step /= 2) {
            candidates.add(value - step);
        }
        return candidates.stream().distinct();
    }

    /** Shorter lists (empty, either half, one element fewer), never shorter than {@code minSize}. */
    public static <E> Stream<List<E>> shrinkList(List<E> list, int minSize) {
        int n = list.size();
        if (n <= minSize) {
            return Stream.empty();
        }
        List<List<E>> candidates = new ArrayList<>();
        if (minSize == 0) {
            candidates.add(List.of());
        }
        if (n / 2 >= minSize && n >= 2) {
            candidates.add(List.copyOf(list.subList(0, n / 2)));
            candidates.add(List.copyOf(list.subList(n / 2, n)));
        }
        Stream<List<E>> oneFewer = IntStream.range(0, n).mapToObj(i -> {
            List<E> shorter = new ArrayList<>(list);
            shorter.remove(i);
            return List.copyOf(shorter);
        });
        return Stream.concat(candidates.stream(), oneFewer);
    }

    /** Shorter strings (empty, either half, one char fewer), never shorter than {@code minLength}. */
    public static Stream<String> shrinkString(String s, int minLength) {
        List<Character> chars = s.chars().mapToObj(c -> (char) c).toList();
        return shrinkList(chars, minLength).map(cs -> {
            StringBuilder b = new StringBuilder(cs.size());
            cs.forEach(b::append);
            return b.toString();
        });
    }

    private static long uniform(Random random, long min, long max) {
        if (max < Long.MAX_VALUE) {
            return random.nextLong(min, max + 1);
        }
        if (min > Long.MIN_VALUE) {
            return random.nextLong(min - 1, max) + 1;
        }
        return random.nextLong();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }
}
