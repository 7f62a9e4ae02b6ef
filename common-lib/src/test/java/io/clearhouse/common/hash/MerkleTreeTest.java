package io.clearhouse.common.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static final String A = Hashing.sha256Hex("a");
    private static final String B = Hashing.sha256Hex("b");
    private static final String C = Hashing.sha256Hex("c");

    @Test
    void rootChangesWhenAnyLeafChanges() {
        String root = MerkleTree.root(List.of(A, B, C));
        assertThat(MerkleTree.root(List.of(A, B, Hashing.sha256Hex("c2")))).isNotEqualTo(root);
        assertThat(MerkleTree.root(List.of(Hashing.sha256Hex("a2"), B, C))).isNotEqualTo(root);
    }

    @Test
    void rootDependsOnOrderAndCount() {
        assertThat(MerkleTree.root(List.of(A, B))).isNotEqualTo(MerkleTree.root(List.of(B, A)));
        assertThat(MerkleTree.root(List.of(A, B))).isNotEqualTo(MerkleTree.root(List.of(A, B, B)));
    }

    @Test
    void aLeafIsNotItsOwnRoot() {
        assertThat(MerkleTree.root(List.of(A))).isNotEqualTo(A).hasSize(64);
    }
}
