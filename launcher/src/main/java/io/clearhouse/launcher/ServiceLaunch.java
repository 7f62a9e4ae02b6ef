package io.clearhouse.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How the launcher starts a service JVM, and in which order. Two things make {@code up} faster on a
 * small machine (measured in the README's performance notes):
 * <ul>
 * <li><b>Class-data sharing.</b> A Spring Boot executable jar loads its classes from nested jars, which
 *   the JVM cannot archive, so the jar is extracted once per build ({@code java -Djarmode=tools -jar
 *   ... extract}, under {@code <data dir>/cds/<service>-<jar fingerprint>/}). The first start from an
 *   extracted jar records the classes it loaded ({@code -XX:ArchiveClassesAtExit}, written when the
 *   service stops); every later start maps them ({@code -XX:SharedArchiveFile}) instead of parsing and
 *   verifying thousands of classes again. A new build has a new fingerprint, so a stale archive is
 *   never used. Off with {@code CLEARHOUSE_CDS=false}; any failure falls back to the plain jar.
 *   On Java 25 or newer (the launcher's own {@code java}: {@code PATH} or {@code JAVA_HOME}) the same
 *   place holds an AOT cache instead ({@code -XX:AOTCacheOutput} at the first stop,
 *   {@code -XX:AOTCache} after): classes already loaded and linked, and the methods' profiles, so the
 *   JIT warms sooner too.</li>
 * <li><b>Independent services start together.</b> No service needs another one to start (each migrates
 *   its own schema; they meet only through Kafka and read-only grants), so they start as one wave and
 *   the launcher waits for all of them, instead of one after another. {@code CLEARHOUSE_START_PARALLEL=false}
 *   restores one at a time.</li>
 * </ul>
 */
public final class ServiceLaunch {

    private static final long EXTRACT_TIMEOUT_SECONDS = 180;

    private ServiceLaunch() {
    }

    /** The services in start waves: each wave starts together and is awaited before the next. */
    static List<List<String>> waves(List<String> services) {
        if ("false".equalsIgnoreCase(System.getenv("CLEARHOUSE_START_PARALLEL"))) {
            return services.stream().map(List::of).toList();
        }
        return List.of(services);
    }

    /**
     * One more instance of a service ({@code CLEARHOUSE_EXTRA_INSTANCES=ingest,gateway}: one more of each;
     * a name twice, two more) against the same database and broker, on the service's port + 10 x n: a
     * second ingest joins the consumer group and shares the partitions, a second gateway takes requests
     * with the same keys and clients. Started after the first instances are ready.
     */
    public record Extra(String service, int instance, int port) {
        public String name() {
            return service + "-" + instance;
        }

        public String portVariable() {
            return "CLEARHOUSE_" + service.toUpperCase(java.util.Locale.ROOT) + "_PORT";
        }

        public String url(StackConfig config) {
            return config.serviceUrl(service).replaceFirst(":\\d+$", ":" + port);
        }
    }

    public static List<Extra> extras(StackConfig config) {
        String spec = System.getenv("CLEARHOUSE_EXTRA_INSTANCES");
        List<Extra> extras = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return extras;
        }
        java.util.Map<String, Integer> count = new java.util.HashMap<>();
        for (String raw : spec.split(",")) {
            String service = raw.trim().replace("-service", "");
            if (!config.servicePorts().containsKey(service)) {
                throw new IllegalArgumentException("CLEARHOUSE_EXTRA_INSTANCES: no service " + raw.trim());
            }
            int n = count.merge(service, 1, Integer::sum);
            if (n > 8) {
                throw new IllegalArgumentException("CLEARHOUSE_EXTRA_INSTANCES: at most 8 more of " + service);
            }
            extras.add(new Extra(service, n + 1, config.servicePorts().get(service) + 10 * n));
        }
        return extras;
    }

    /**
     * The command that starts {@code service}: java, the configured options, CDS when possible, the jar.
     *
     * @param recordArchive whether this start may record the class archive when there is none yet (one
     *                      instance only: two JVMs must not write the same file)
     * @param nice          the background priority to start a background service at (behind {@code nice}), 0: none
     */
    static List<String> command(StackConfig config, String service, Console out, boolean recordArchive, int nice) {
        List<String> command = new ArrayList<>(BackgroundPriority.commandPrefix(service, nice));
        command.add(ChildProcess.javaExecutable());
        command.addAll(Arrays.asList(config.serviceJavaOpts().trim().split("\\s+")));
        command.add("-Dspring.main.banner-mode=off");
        Path fatJar = config.serviceJar(service);
        Optional<Path> extracted = classArchives() ? extracted(config, service, fatJar, out) : Optional.empty();
        if (extracted.isPresent()) {
            command.addAll(archiveOptions(extracted.get().getParent(), recordArchive));
            command.add("-jar");
            command.add(extracted.get().toString());
        } else {
            command.add("-jar");
            command.add(fatJar.toString());
        }
        return command;
    }

    /** Whether JVMs start from class archives at all ({@code CLEARHOUSE_CDS=false}: never). */
    static boolean classArchives() {
        return !"false".equalsIgnoreCase(System.getenv("CLEARHOUSE_CDS"));
    }

    /**
     * The JVM options that map the class archive (Java 17: CDS) or AOT cache (Java 25 or newer) kept in
     * {@code dir}, or record it at this JVM's exit when there is none yet and {@code record} allows it;
     * none when there is neither. One archive per build: {@code dir} is named after its fingerprint.
     */
    static List<String> archiveOptions(Path dir, boolean record) {
        boolean aot = Runtime.version().feature() >= 25;
        Path archive = dir.resolve(aot ? "app.aot" : "app.jsa");
        boolean mapped = Files.isRegularFile(archive);
        if (!mapped && !record) {
            return List.of();
        }
        if (aot) {
            return List.of((mapped ? "-XX:AOTCache=" : "-XX:AOTCacheOutput=") + archive, "-Xlog:aot=off",
                    "-Xlog:cds=off");
        }
        return List.of((mapped ? "-XX:SharedArchiveFile=" : "-XX:ArchiveClassesAtExit=") + archive,
                "-Xlog:cds+dynamic=off", "-Xlog:cds=off");
    }

    /**
     * The directory that keeps {@code name}'s class archive for the build {@code fingerprint} names
     * ({@code <data dir>/cds/<name>-<fingerprint>/}), created once; archives of older builds are removed.
     */
    static Path archiveDir(StackConfig config, String name, String fingerprint) throws IOException {
        Path dir = config.dataDir().resolve("cds").resolve(name + "-" + fingerprint);
        if (!Files.isDirectory(dir)) {
            removeOlderBuilds(dir.getParent(), name);
            Files.createDirectories(dir);
        }
        return dir;
    }

    /** Which build of a jar this is (its size and modification time): a rebuild is a new fingerprint. */
    static String fingerprint(Path jar) throws IOException {
        return Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
    }

    /** The extracted application jar of this build of the service (extracting it the first time). */
    private static Optional<Path> extracted(StackConfig config, String service, Path fatJar, Console out) {
        try {
            Path dir = config.dataDir().resolve("cds").resolve(service + "-" + fingerprint(fatJar));
            Optional<Path> jar = applicationJar(dir);
            if (jar.isPresent()) {
                return jar;
            }
            removeOlderBuilds(config.dataDir().resolve("cds"), service);
            Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
            deleteTree(partial);
            Files.createDirectories(partial.getParent());
            Process p = new ProcessBuilder(ChildProcess.javaExecutable(), "-Djarmode=tools", "-jar", fatJar.toString(),
                    "extract", "--destination", partial.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(config.logDir().resolve(service + "-extract.log").toFile())
                    .start();
            if (!p.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                out.line("  (" + service + ": could not extract the jar for class-data sharing; starting it plainly)");
                return Optional.empty();
            }
            Files.move(partial, dir);
            return applicationJar(dir);
        } catch (IOException | RuntimeException e) {
            out.line("  (" + service + ": no class-data sharing: " + e.getMessage() + ")");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Path> applicationJar(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).findFirst();
        }
    }

    private static void removeOlderBuilds(Path cds, String service) throws IOException {
        if (!Files.isDirectory(cds)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(cds)) {
            for (Path d : dirs.filter(d -> d.getFileName().toString().startsWith(service + "-")).toList()) {
                deleteTree(d);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
