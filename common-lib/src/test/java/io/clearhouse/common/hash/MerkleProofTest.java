package io.clearhouse.common.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Inclusion paths and the streaming root agree with {@link MerkleTree#root} for every tree size. */
class MerkleProofTest {

    private static List<String> leaves(int n) {
        List<String> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            leaves.add(Hashing.sha256Hex("leaf-" + i));
        }
        return leaves;
    }

    @Test
    void everyLeafsPathLeadsToTheRootForTreesOfOneToFortyLeaves() {
        for (int n = 1; n <= 40; n++) {
            List<String> leaves = leaves(n);
            String root = MerkleTree.root(leaves);
            for (int i = 0; i < n; i++) {
                assertThat(MerkleTree.rootFromPath(leaves.get(i), MerkleTree.path(leaves, i))).as(n + "/" + i)
                        .isEqualTo(root);
            }
        }
    }

    @Test
    void aPathDoesNotProveAnotherLeafNorTheSameLeafElsewhere() {
        List<String> leaves = leaves(11);
        String root = MerkleTree.root(leaves);
        List<MerkleTree.Step> path = MerkleTree.path(leaves, 4);
        assertThat(MerkleTree.rootFromPath(leaves.get(5), path)).isNotEqualTo(root);
        assertThat(MerkleTree.rootFromPath(Hashing.sha256Hex("forged"), path)).isNotEqualTo(root);
        assertThat(MerkleTree.rootFromPath(leaves.get(4), MerkleTree.path(leaves, 3))).isNotEqualTo(root);
    }

    @Test
    void theAccumulatorGivesTheSameRootAsTheWholeListForRandomSizes() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 40; round++) {
            int n = random.nextInt(600);
            List<String> leaves = leaves(n);
            MerkleTree.Accumulator acc = new MerkleTree.Accumulator();
            leaves.forEach(acc::add);
            assertThat(acc.root()).as("seed %d, %d leaves", seed, n).isEqualTo(MerkleTree.root(leaves));
            assertThat(acc.count()).isEqualTo(n);
        }
    }
}
