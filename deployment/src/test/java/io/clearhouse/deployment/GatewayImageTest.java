package io.clearhouse.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's OCI image as Jib builds it during {@code verify} (execution image-check of the gateway
 * module: the same configuration as every service's image, on an empty base because the build machines
 * reach no container registry): user, entrypoint with the container JVM flags, port, labels, and
 * dependencies in layers apart from the classes, with the health probe the compose healthchecks run.
 */
class GatewayImageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Map<String, byte[]> blobs;
    private static JsonNode manifest;
    private static JsonNode config;
    private static String imageName;

    @BeforeAll
    static void open() throws IOException {
        Path tar = Repo.root().resolve("gateway-service/target/jib-image-check.tar");
        assertThat(tar).as("built by the gateway module's package phase (not with -DskipTests)").exists();
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            readTar(in, files::put);
        }
        blobs = files;
        JsonNode index = JSON.readTree(files.get("index.json"));
        JsonNode entry = index.get("manifests").get(0);
        imageName = entry.get("annotations").get("org.opencontainers.image.ref.name").asString();
        manifest = JSON.readTree(blob(entry.get("digest").asString()));
        config = JSON.readTree(blob(manifest.get("config").get("digest").asString()));
    }

    @Test
    void runsAsUid10001WithTheContainerJvmFlagsOnPort8080() {
        JsonNode c = config.get("config");
        assertThat(c.get("User").asString()).isEqualTo("10001:10001");
        List<String> entrypoint = new ArrayList<>();
        c.get("Entrypoint").forEach(n -> entrypoint.add(n.asString()));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=70", "-XX:InitialRAMPercentage=50", "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError", "-cp").endsWith("io.clearhouse.gateway.GatewayApplication");
        // no Cmd: compose's command and k8s's args (--clearhouse.migrate-only) are the main class's arguments
        assertThat(c.has("Cmd") && !c.get("Cmd").isNull()).as("Cmd").isFalse();
        assertThat(c.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(c.get("Labels").get("org.opencontainers.image.title").asString()).isEqualTo("gateway-service");
        assertThat(c.get("Labels").get("org.opencontainers.image.version").asString()).isEqualTo(Repo.projectVersion());
    }

    @Test
    void isNamedAsTheOverlaysAndComposeExpect() {
        assertThat(imageName).isEqualTo(Repo.IMAGE_REGISTRY + "gateway-service:" + Repo.projectVersion());
    }

    @Test
    void keepsDependenciesInLayersApartFromTheClassesAndShipsTheHealthProbe() throws IOException {
        List<List<String>> layers = new ArrayList<>();
        boolean probe = false;
        for (JsonNode layer : manifest.get("layers")) {
            List<String> names = new ArrayList<>();
            Map<String, byte[]> contents = new LinkedHashMap<>();
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob(layer.get("digest").asString())))) {
                readTar(in, (name, bytes) -> {
                    names.add(name);
                    if (name.matches(".*app/libs/common-lib-.*\\.jar")) {
                        contents.put(name, bytes);
                    }
                });
            }
            for (byte[] jar : contents.values()) {
                probe |= jarHas(jar, Repo.HEALTH_PROBE_CLASS.replace('.', '/') + ".class");
            }
            layers.add(names);
        }
        assertThat(layers.size()).isGreaterThanOrEqualTo(4);
        List<String> classes = layers.stream()
                .filter(l -> l.stream().anyMatch(n -> n.endsWith("app/classes/io/clearhouse/gateway/GatewayApplication.class")))
                .findFirst().orElseThrow();
        assertThat(classes).noneMatch(n -> n.contains("app/libs/"));
        assertThat(layers).filteredOn(l -> l.stream().anyMatch(n -> n.matches(".*app/libs/spring-core-.*\\.jar")))
                .singleElement().satisfies(l -> assertThat(l).noneMatch(n -> n.contains("app/classes/")));
        assertThat(probe).as("common-lib in the image holds %s", Repo.HEALTH_PROBE_CLASS).isTrue();
    }

    @Test
    void productionBaseImageIsAPinnedTemurinJre() {
        Matcher m = Pattern.compile("<clearhouse.image.base>([^<]+)</clearhouse.image.base>")
                .matcher(Repo.read(Repo.root().resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).startsWith("eclipse-temurin:17").contains("jre").doesNotContain("latest")
                .matches(".*:17\\.\\d+\\.\\d+.*");
    }

    private static byte[] blob(String digest) {
        byte[] b = blobs.get("blobs/sha256/" + digest.substring("sha256:".length()));
        assertThat(b).as(digest).isNotNull();
        return b;
    }

    private static boolean jarHas(byte[] jar, String entry) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(entry)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A plain ustar reader (what Jib writes): name, size, contents of every regular file. */
    private static void readTar(InputStream in, BiConsumer<String, byte[]> file) throws IOException {
        byte[] header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512) {
            if (header[0] == 0) {
                return;
            }
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
            byte[] data = in.readNBytes((int) size);
            in.skipNBytes((512 - size % 512) % 512);
            if (header[156] == '0' || header[156] == 0) {
                file.accept(name, data);
            }
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

}
