package io.clearhouse.common.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void makesAMatchingPairOnceWithThePrivateKeyOwnerOnlyAndKeepsItAfterwards() throws Exception {
        Path priv = dir.resolve("audit/audit-head-signing.key");
        Path pub = dir.resolve("audit/audit-head.pub");

        assertThat(AuditKeyFiles.ensure(priv, pub)).isTrue();
        assertThat(AuditSigning.pair(AuditSigning.readPrivate(priv), AuditSigning.readPublic(pub))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        String first = Files.readString(pub);

        // heads already signed must stay checkable: an existing pair is never replaced
        assertThat(AuditKeyFiles.ensure(priv, pub)).isFalse();
        assertThat(Files.readString(pub)).isEqualTo(first);
        assertThat(dir.resolve("audit")).isDirectoryNotContaining("glob:**.tmp");
    }
}
