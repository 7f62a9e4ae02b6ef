package io.clearhouse.common.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-thread digest gives every hash exactly what a fresh digest gives, again and again, on any thread. */
class HashingTest {

    @Test
    void knownVectorsRepeatedAndAfterAPartialUseOfAnotherDigest() throws Exception {
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        for (int i = 0; i < 3; i++) {
            assertThat(Hashing.sha256Hex("abc")).isEqualTo(abc);
            assertThat(Hashing.sha256Hex("")).isEqualTo(empty);
        }
        MessageDigest own = Hashing.newDigest();
        own.update("ab".getBytes(StandardCharsets.UTF_8));
        assertThat(Hashing.sha256Hex("abc")).isEqualTo(abc);
        own.update("c".getBytes(StandardCharsets.UTF_8));
        assertThat(java.util.HexFormat.of().formatHex(own.digest())).isEqualTo(abc);
    }

    @Test
    void threadsDoNotShareADigest() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        byte[] input = ("thread-" + thread + "-" + i).getBytes(StandardCharsets.UTF_8);
                        byte[] expected = MessageDigest.getInstance("SHA-256").digest(input);
                        if (!MessageDigest.isEqual(expected, Hashing.sha256(input))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
