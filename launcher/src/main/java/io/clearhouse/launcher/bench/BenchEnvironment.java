package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a benchmark ran on (machine, JVM, versions, commit), and what the stack's processes cost:
 * CPU time and proportional memory (PSS, so that PostgreSQL's shared buffers count once) of each
 * service JVM, the Kafka broker and the PostgreSQL processes, found by their command lines.
 */
final class BenchEnvironment {

    /**
     * A connection to the stack's PostgreSQL as its superuser, with the generated password the embedded
     * server asks every connection for (an empty one was refused since password authentication came in).
     */
    static java.sql.Connection superuser(io.clearhouse.launcher.StackConfig config)
            throws java.sql.SQLException, IOException {
        return java.sql.DriverManager.getConnection(config.jdbcUrl(), "postgres",
                io.clearhouse.launcher.Secrets.postgresSuperuserPassword(config.dataDir()));
    }

    /** The parts of the stack whose cost is measured, and how their command lines are recognised. */
    static final Map<String, String> PARTS = partPatterns();

    private BenchEnvironment() {
    }

    private static Map<String, String> partPatterns() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : List.of("gateway", "ingest", "settlement", "reconciliation", "reporting", "console")) {
            m.put(s, s + "-service");
        }
        m.put("kafka", "kafka.Kafka");
        m.put("postgres", "postgres");
        return m;
    }

    static Map<String, Object> describe() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("commit", commit(Path.of("")));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("cpu", cpuModel());
        env.put("memory", memTotal());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("kafkaClient", org.apache.kafka.common.utils.AppInfoParser.getVersion());
        env.put("serviceJavaOpts", Optional.ofNullable(System.getenv("CLEARHOUSE_SERVICE_JAVA_OPTS")).orElse("(default)"));
        env.put("loadAverageAtStart", loadAverage());
        env.put("shared", "every service, the broker, the database and the load generator run on this machine; "
                + "other builds may run beside them (see the load averages)");
        return env;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try (var lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal")).findFirst().map(l -> l.replaceAll("\\s+", " ").substring(10))
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The checkout's commit, and whether its tracked files differ from it (other than benchmark results). */
    static String commit(Path checkout) {
        return git(checkout, "rev-parse", "--short", "HEAD").orElse("unknown")
                + (git(checkout, "status", "--porcelain", "--untracked-files=no", "--", ":(top)",
                        ":(top,exclude)bench/results").map(String::isBlank).orElse(true) ? "" : " (modified)");
    }

    private static Optional<String> git(Path checkout, String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).directory(checkout.toAbsolutePath().toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException | InterruptedException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** CPU time so far of each part of the stack running on this data directory's ports (by command line). */
    static Map<String, Duration> cpu(String dataDirMarker) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        ProcessHandle.allProcesses().forEach(p -> {
            String line = commandLine(p.pid());
            part(p, line, dataDirMarker).ifPresent(part -> {
                Duration used = p.info().totalCpuDuration().orElse(Duration.ZERO);
                if ("postgres".equals(part) && !line.startsWith("postgres:")) {
                    // the postmaster: with the CPU of the backends that have exited (a closed connection's), which
                    // would otherwise drop out of the sum between two readings
                    used = used.plus(exitedChildrenCpu(p.pid()));
                }
                cpu.merge(part, used, Duration::plus);
            });
        });
        return cpu;
    }

    /**
     * The nice value of each part's process (PostgreSQL: the postmaster, whose value its backends inherit), as
     * the stack set them ({@code CLEARHOUSE_BACKGROUND_NICE}): what the CPU figures were measured under.
     */
    static String priorities(String dataDirMarker) {
        Map<String, Integer> nice = new java.util.TreeMap<>();
        ProcessHandle.allProcesses().forEach(p -> {
            String line = commandLine(p.pid());
            if (!line.startsWith("postgres:")) {
                part(p, line, dataDirMarker).ifPresent(part -> {
                    try {
                        ProcStat.nice(Files.readString(Path.of("/proc/" + p.pid() + "/stat")))
                                .ifPresent(n -> nice.merge(part, n, Math::max));
                    } catch (IOException | RuntimeException e) {
                        // ended meanwhile
                    }
                });
            }
        });
        return "priority (nice) by part: " + nice.toString().replaceAll("[{}]", "").replace("=", " ");
    }

    /**
     * {@link #cpu}, and the benchmark's own process as {@code load generator}: it signs and sends the requests
     * on the same cores, so its share is part of what the machine could give the stack.
     */
    static Map<String, Duration> cpuWithLoadGenerator(String dataDirMarker) {
        Map<String, Duration> cpu = cpu(dataDirMarker);
        cpu.put("load generator", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return cpu;
    }

    /** Milliseconds of CPU per unit of work between two readings of one part (0 when the part was not running). */
    static double msPer(Duration was, Duration is, long units) {
        if (is == null) {
            return 0;
        }
        long nanos = is.toNanos() - (was == null ? 0 : was.toNanos());
        return nanos / 1e6 / Math.max(1, units);
    }

    private static Duration exitedChildrenCpu(long pid) {
        try {
            return Duration.ofMillis(ProcStat.childrenCpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat")))
                    * 1000 / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }

    /**
     * CPU time so far of each part's JIT compiler threads ({@code C1/C2 CompilerThread}, from
     * {@code /proc/<pid>/task/<tid>}): a JVM still compiling spends its CPU there, not on requests, so a
     * figure per request taken before the JIT settles measures the warm-up.
     */
    static Map<String, Duration> jitCpu(String dataDirMarker) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        ProcessHandle.allProcesses().forEach(p -> part(p, dataDirMarker).filter(part -> !"postgres".equals(part))
                .ifPresent(part -> cpu.merge(part, compilerThreadsCpu(p.pid()), Duration::plus)));
        return cpu;
    }

    private static Duration compilerThreadsCpu(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    // comm holds a thread name's first 15 characters: "C2 CompilerThre"
                    if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        continue;
                    }
                    ticks += ProcStat.cpuTicks(Files.readString(task.resolve("stat")));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }

    /** USER_HZ, the unit of /proc's CPU times: 100 on Linux for every architecture the stack runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** Proportional set size (kB) of each part of the stack. */
    static Map<String, Long> pssKb(String dataDirMarker) {
        Map<String, Long> pss = new LinkedHashMap<>();
        ProcessHandle.allProcesses().forEach(p -> part(p, dataDirMarker).ifPresent(part ->
                pss.merge(part, pss(p.pid()), Long::sum)));
        return pss;
    }

    private static long pss(long pid) {
        try (var lines = Files.lines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            return lines.filter(l -> l.startsWith("Pss:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Which part a process is. Service JVMs and the broker are told apart by their command line; the
     * stack's own processes (not another helper's or a test's) by the data directory named on it, or for
     * service JVMs started from this checkout by their jar path.
     */
    private static Optional<String> part(ProcessHandle p, String marker) {
        return part(p, commandLine(p.pid()), marker);
    }

    private static Optional<String> part(ProcessHandle p, String line, String marker) {
        if (line.startsWith("postgres:")) {
            // a backend or auxiliary process: its postmaster names the data directory
            return p.parent().filter(parent -> commandLine(parent.pid()).contains(marker)).map(parent -> "postgres");
        }
        if (line.isEmpty() || !line.contains(marker)) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : PARTS.entrySet()) {
            if (line.contains(e.getValue())) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
