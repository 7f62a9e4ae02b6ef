package io.clearhouse.common.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.hash.Hashing;
import io.clearhouse.common.hash.MerkleTree;
import java.security.KeyPair;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditSigningTest {

    private static final KeyPair KEYS = AuditSigning.generate();
    private static final String KEY_ID = AuditSigning.keyId(KEYS.getPublic());

    private static AuditHead head(String root) {
        return new AuditHead(AuditHead.SCHEMA_VERSION, LocalDate.of(2026, 12, 1), 1, 40, Hashing.sha256Hex("chain"),
                root, 3, 120, null, null);
    }

    @Test
    void aSignedHeadVerifiesWithItsPublicKeyOnlyAndNotOnceAnyFieldChanges() {
        AuditHead signed = AuditSigning.sign(head(Hashing.sha256Hex("root")), KEYS.getPrivate(), KEY_ID);

        assertThat(AuditSigning.verify(signed, KEYS.getPublic())).isTrue();
        assertThat(AuditSigning.verify(signed, AuditSigning.generate().getPublic())).isFalse();
        AuditHead otherCount = new AuditHead(1, signed.day(), 1, 40, signed.chainHash(), signed.merkleRoot(), 3, 121,
                signed.keyId(), signed.signature());
        assertThat(AuditSigning.verify(otherCount, KEYS.getPublic())).isFalse();
        AuditHead otherDay = new AuditHead(1, signed.day().plusDays(1), 1, 40, signed.chainHash(), signed.merkleRoot(),
                3, 120, signed.keyId(), signed.signature());
        assertThat(AuditSigning.verify(otherDay, KEYS.getPublic())).isFalse();
    }

    @Test
    void keysSurviveAPemRoundTrip() {
        assertThat(AuditSigning.readPublic(AuditSigning.publicPem(KEYS.getPublic()))).isEqualTo(KEYS.getPublic());
        assertThat(AuditSigning.pair(AuditSigning.readPrivate(AuditSigning.privatePem(KEYS.getPrivate())),
                KEYS.getPublic())).isTrue();
        assertThat(AuditSigning.pair(KEYS.getPrivate(), AuditSigning.generate().getPublic())).isFalse();
    }

    @Test
    void anInclusionProofHoldsOnlyForItsLeafItsPathsAndItsSignedDay() {
        String text = String.join("\u001f", "clearhouse/ingest-leaf/v2", "tx-1", "acme", "b-1", "", "h", "2026-12-01",
                "", "BET", "250", "EUR", "", "RECORDED");
        List<String> batch = new ArrayList<>(List.of(Hashing.sha256Hex("x"), Hashing.sha256Hex(text),
                Hashing.sha256Hex("y")));
        String batchRoot = MerkleTree.root(batch);
        List<String> day = List.of(Hashing.sha256Hex("b0"), batchRoot, Hashing.sha256Hex("b2"), Hashing.sha256Hex("b3"));
        AuditHead signed = AuditSigning.sign(head(MerkleTree.root(day)), KEYS.getPrivate(), KEY_ID);
        InclusionProof proof = new InclusionProof("tx-1", "acme", "b-1", 2, text, Hashing.sha256Hex(text), 7, 12,
                MerkleTree.path(batch, 1), batchRoot, MerkleTree.path(day, 1), signed);

        assertThat(proof.verify(KEYS.getPublic())).isEqualTo(new InclusionProof.Verdict(true, null));
        assertThat(new InclusionProof("tx-2", "acme", "b-1", 2, text, proof.leaf(), 7, 12, proof.batchPath(), batchRoot,
                proof.dayPath(), signed).verify(KEYS.getPublic()).reason()).contains("another transaction");
        assertThat(new InclusionProof("tx-1", "acme", "b-1", 2, text, proof.leaf(), 7, 12, proof.batchPath(), batchRoot,
                MerkleTree.path(day, 2), signed).verify(KEYS.getPublic()).reason()).contains("day path");
        assertThat(new InclusionProof("tx-1", "acme", "b-1", 2, text, proof.leaf(), 7, 41, proof.batchPath(), batchRoot,
                proof.dayPath(), signed).verify(KEYS.getPublic()).reason()).contains("outside the signed day");
        assertThat(proof.verify(AuditSigning.generate().getPublic()).valid()).isFalse();
    }

    @Test
    void readsAKeyPairMadeByOpenSslAsTheDeploymentGuidesSay() {
        // k8s/README.md: openssl genpkey -algorithm ed25519 -out audit-head-signing.key
        //                openssl pkey -in audit-head-signing.key -pubout -out audit-head.pub   (a test pair, used nowhere)
        java.security.PrivateKey privateKey = AuditSigning.readPrivate("""
                -----BEGIN PRIVATE KEY-----
                MC4CAQAwBQYDK2VwBCIEIBWjZF3vxjy/EdcAcPitSRgMZpe/V+pWxnf8TdcK6z9u
                -----END PRIVATE KEY-----
                """);
        java.security.PublicKey publicKey = AuditSigning.readPublic("""
                -----BEGIN PUBLIC KEY-----
                MCowBQYDK2VwAyEA2bx+EWTuC7jPWin7cz/zS7WnOfMPYJ91Ynv7ado8R5U=
                -----END PUBLIC KEY-----
                """);
        org.assertj.core.api.Assertions.assertThat(AuditSigning.pair(privateKey, publicKey)).isTrue();
    }
}
