package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's command: a class path the same at every start, and its class archive recorded, then mapped. */
class KafkaBrokerCommandTest {

    @TempDir
    Path dir;

    private final boolean aot = Runtime.version().feature() >= 25;

    @Test
    void theFirstStartRecordsTheArchiveEveryLaterOneMapsItAndANewSetOfLibrariesStartsAfresh() throws Exception {
        FakeHome fake = FakeHome.create(dir, null);
        Path libs = fake.config.kafkaLibs();
        Files.writeString(libs.resolve("kafka-clients.jar"), "b");
        Files.writeString(libs.resolve("kafka-server.jar"), "c");
        Files.writeString(libs.resolve("commons-a.jar"), "a");
        Files.writeString(libs.resolve("README.txt"), "not on the class path");

        List<String> first = KafkaBroker.command(fake.config);
        assertThat(first.get(first.indexOf("-cp") + 1)).isEqualTo(String.join(File.pathSeparator,
                libs.resolve("commons-a.jar").toAbsolutePath().toString(),
                libs.resolve("kafka-clients.jar").toAbsolutePath().toString(),
                libs.resolve("kafka-server.jar").toAbsolutePath().toString()));
        Path archive = archiveIn(first, aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=");
        assertThat(archive).doesNotExist();
        assertThat(archive.getParent().getParent()).isEqualTo(fake.config.dataDir().resolve("cds"));

        Files.writeString(archive, "written by the first start's stop");
        List<String> second = KafkaBroker.command(fake.config);
        assertThat(archiveIn(second, aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=")).isEqualTo(archive);
        assertThat(second).noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit") || o.startsWith("-XX:AOTCacheOutput"));

        Files.writeString(libs.resolve("kafka-server.jar"), "an upgraded broker");
        List<String> upgraded = KafkaBroker.command(fake.config);
        Path next = archiveIn(upgraded, aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=");
        assertThat(next.getParent()).isNotEqualTo(archive.getParent());
        assertThat(archive.getParent()).as("the older libraries' archive is removed").doesNotExist();
    }

    private static Path archiveIn(List<String> command, String option) {
        return command.stream().filter(o -> o.startsWith(option)).map(o -> Path.of(o.substring(option.length())))
                .findFirst().orElseThrow(() -> new AssertionError(option + " not in " + command));
    }
}
