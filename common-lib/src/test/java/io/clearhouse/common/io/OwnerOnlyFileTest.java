package io.clearhouse.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFileTest {

    @TempDir
    Path dir;

    @Test
    void writesOwnerOnlyReplacesWholeAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("a/b/secret.properties");
        Properties p = new Properties();
        p.setProperty("client_secret", "s3cr=t:x");
        OwnerOnlyFile.write(file, p, "local only");
        OwnerOnlyFile.write(file, p, "local only");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Properties back = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            back.load(r);
        }
        assertThat(back).isEqualTo(p);
        assertThat(file.getParent()).isDirectoryNotContaining("glob:**.tmp");
        OwnerOnlyFile.write(file, "other");
        assertThat(Files.readString(file)).isEqualTo("other");
    }
}
