package io.clearhouse.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * {@code ./clearhouse backup [FILE]} and {@code ./clearhouse restore FILE [--yes]} for the embedded
 * stack. A backup is one owner-only zip: {@code manifest.properties}, {@code postgres/} (an online base
 * backup of the whole cluster, {@link PostgresBaseBackup}) and {@code config/} (the data directory's
 * generated secrets, bootstrap ADMIN and CLI client credentials, TLS keystore), without which the
 * restored database could not be opened by its own services. Kafka's log is not in it: Kafka is the
 * replayable source, and each consumer's position lives in the database beside its rows (see
 * {@code docs/decisions/backup.md}).
 */
final class BackupCommand {

    static final String MANIFEST = "manifest.properties";
    static final int FORMAT = 1;
    private static final String PG = "postgres/";
    private static final String CONFIG = "config/";
    /** Data-directory entries that belong to a running launcher, never to a backup. */
    private static final Set<String> RUNTIME_FILES = Set.of(DataDirLock.FILE, "stack.pid", Stack.TLS_MARKER);
    /** Data-directory entries that are not configuration (each is backed up its own way, or not at all). */
    private static final Set<String> NOT_CONFIG = Set.of("postgres", "kafka", "logs", "reports", "backups");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private BackupCommand() {
    }

    static int backup(StackConfig config, List<String> args, Console out) throws Exception {
        Path file = args.isEmpty() ? callerDir().resolve("clearhouse-backup-" + STAMP.format(Instant.now()) + ".zip")
                : callerDir().resolve(args.get(0));
        Path pgData = config.dataDir().resolve("postgres");
        if (!Files.isRegularFile(pgData.resolve("PG_VERSION"))) {
            out.line("Nothing to back up: no PostgreSQL cluster under " + pgData + ".");
            return 2;
        }
        if (Files.exists(file)) {
            out.line("Refusing to overwrite " + file + ": name another file.");
            return 2;
        }
        Optional<DataDirLock> lock = DataDirLock.tryAcquire(config.dataDir());
        PostgresServer ownServer = null;
        try {
            if (lock.isPresent()) {
                // no stack runs: start its PostgreSQL alone for the copy (holding the lock, so no up races us)
                out.line("No stack running: starting its PostgreSQL for the backup.");
                Files.createDirectories(config.logDir());
                ownServer = PostgresServer.start(config, Secrets.loadOrCreate(config.dataDir()));
            } else {
                out.line("Backing up the running stack (pid " + Stack.runningPid(config).map(String::valueOf)
                        .orElse("?") + ") while it runs.");
            }
            write(config, file, out);
            return 0;
        } finally {
            if (ownServer != null) {
                ownServer.close();
            }
            if (lock.isPresent()) {
                lock.get().close();
            }
        }
    }

    private static void write(StackConfig config, Path file, Console out) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        Files.deleteIfExists(tmp);
        createOwnerOnly(tmp);
        long t0 = System.nanoTime();
        try {
            Properties manifest = new Properties();
            manifest.setProperty("format", Integer.toString(FORMAT));
            manifest.setProperty("created", Instant.now().toString());
            kafkaClusterId(config.dataDir()).ifPresent(id -> manifest.setProperty("kafka.cluster.id", id));
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                zip.setLevel(Deflater.BEST_SPEED);
                PostgresBaseBackup.Result pg;
                try (Connection c = PostgresBaseBackup.connect(config)) {
                    manifest.setProperty("postgres.version", single(c, "SHOW server_version"));
                    pg = PostgresBaseBackup.copy(c, config.dataDir().resolve("postgres"), zip, PG);
                }
                manifest.setProperty("postgres.start.lsn", pg.startLsn());
                manifest.setProperty("postgres.stop.lsn", pg.stopLsn());
                int configFiles = copyConfig(config.dataDir(), zip);
                manifest.setProperty("config.files", Integer.toString(configFiles));
                StringWriter text = new StringWriter();
                manifest.store(text, "Clearhouse embedded stack backup");
                PostgresBaseBackup.put(zip, MANIFEST, text.toString().getBytes(StandardCharsets.UTF_8));
                out.line(String.format("PostgreSQL: %d files, %.1f MB, WAL %s .. %s; configuration: %d files",
                        pg.files(), pg.bytes() / 1e6, pg.startLsn(), pg.stopLsn(), configFiles));
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        out.line(String.format("Backup written to %s (%.1f MB, owner-only, %.1f s). It holds the stack's secrets: "
                + "keep it as safe as the data directory.", file, Files.size(file) / 1e6, (System.nanoTime() - t0) / 1e9));
    }

    /** Every configuration file of the data directory: generated secrets, client credentials, TLS. */
    private static int copyConfig(Path dataDir, ZipOutputStream zip) throws IOException {
        int n = 0;
        for (Path p : configEntries(dataDir)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(p)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                PostgresBaseBackup.put(zip, CONFIG + dataDir.relativize(f).toString().replace('\\', '/'),
                        Files.readAllBytes(f));
                n++;
            }
        }
        return n;
    }

    private static List<Path> configEntries(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dataDir)) {
            return list.filter(p -> {
                String n = p.getFileName().toString();
                return !RUNTIME_FILES.contains(n) && !NOT_CONFIG.contains(n) && !n.endsWith(".tmp");
            }).sorted().toList();
        }
    }

    static int restore(StackConfig config, List<String> args, Console out) throws Exception {
        List<String> files = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (files.size() != 1) {
            out.line("usage: ./clearhouse restore FILE [--yes]");
            return 1;
        }
        Path file = callerDir().resolve(files.get(0));
        if (!Files.isRegularFile(file)) {
            out.line("No backup at " + file + ".");
            return 2;
        }
        Properties manifest;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            manifest = manifest(zip);
            if (manifest == null || !Integer.toString(FORMAT).equals(manifest.getProperty("format"))
                    || zip.getEntry(PG + "PG_VERSION") == null || zip.getEntry(PG + "backup_label") == null) {
                out.line(file + " is not a Clearhouse backup of format " + FORMAT + ": nothing changed.");
                return 2;
            }
            String major = new String(zip.getInputStream(zip.getEntry(PG + "PG_VERSION")).readAllBytes(),
                    StandardCharsets.UTF_8).trim();
            if (!"17".equals(major)) {
                out.line("The backup holds a PostgreSQL " + major + " cluster; this launcher runs PostgreSQL 17: "
                        + "nothing changed.");
                return 2;
            }
        }
        Optional<DataDirLock> lock = DataDirLock.tryAcquire(config.dataDir());
        if (lock.isEmpty()) {
            out.line("A stack is running on " + config.dataDir() + " (pid " + Stack.runningPid(config)
                    .map(String::valueOf).orElse("?") + "): stop it with ./clearhouse down, then restore.");
            return 2;
        }
        try (DataDirLock held = lock.get()) {
            Path pgData = config.dataDir().resolve("postgres");
            if (Files.exists(pgData) && !args.contains("--yes") && !confirm(out, "This replaces every transaction, "
                    + "statement and secret under " + config.dataDir() + " with the backup of "
                    + manifest.getProperty("created") + ".")) {
                out.line("Nothing changed.");
                return 1;
            }
            String backupCluster = manifest.getProperty("kafka.cluster.id");
            Optional<String> localCluster = kafkaClusterId(config.dataDir());
            boolean keepKafka = localCluster.isPresent() && localCluster.get().equals(backupCluster);
            deleteTree(pgData);
            for (Path p : configEntries(config.dataDir())) {
                deleteTree(p);
            }
            if (!keepKafka) {
                deleteTree(config.dataDir().resolve("kafka"));
            }
            extract(file, config.dataDir());
            out.line("Restored the PostgreSQL cluster and " + manifest.getProperty("config.files", "?")
                    + " configuration files of " + manifest.getProperty("created") + ".");
            Files.createDirectories(config.logDir());
            try (PostgresServer pg = PostgresServer.start(config, Secrets.loadOrCreate(config.dataDir()));
                 Connection c = pg.superuser()) {
                // the server replayed the backup's WAL before accepting this connection
                if (keepKafka) {
                    out.line("Kafka's log is the one the backup was taken beside: each consumer resumes from the "
                            + "offsets stored with its rows and replays what arrived after the backup.");
                } else {
                    int reset = resetConsumerOffsets(c);
                    out.line("Kafka starts empty (" + (localCluster.isPresent() ? "another cluster's log was removed"
                            : "no log was there") + "): the consumer positions stored with the rows ("
                            + reset + ") were reset so that the new topics are read from their start; pending "
                            + "outbox rows are published again.");
                }
            }
            out.line("Done. Start the stack with ./clearhouse up.");
            return 0;
        }
    }

    /**
     * Deletes every stored consumer position: they count offsets of a Kafka log that is gone, and a
     * consumer would otherwise skip that many records of the new, empty topics as already applied.
     */
    private static int resetConsumerOffsets(Connection c) throws Exception {
        List<String> schemas = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT table_schema FROM "
                + "information_schema.tables WHERE table_name = 'consumer_offsets' ORDER BY 1")) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        }
        int rows = 0;
        try (Statement st = c.createStatement()) {
            for (String schema : schemas) {
                rows += st.executeUpdate("DELETE FROM \"" + schema.replace("\"", "\"\"") + "\".consumer_offsets");
            }
        }
        return rows;
    }

    private static void extract(Path file, Path dataDir) throws IOException {
        Path pgData = dataDir.resolve("postgres");
        Files.createDirectories(dataDir);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                String name = e.getName();
                Path target;
                if (name.startsWith(PG)) {
                    target = pgData.resolve(name.substring(PG.length()));
                } else if (name.startsWith(CONFIG)) {
                    target = dataDir.resolve(name.substring(CONFIG.length()));
                } else {
                    continue;
                }
                target = target.normalize();
                if (!target.startsWith(dataDir)) {
                    throw new IOException("refusing an entry outside the data directory: " + name);
                }
                if (e.isDirectory()) {
                    createOwnerOnlyDir(target);
                    continue;
                }
                createOwnerOnlyDir(target.getParent());
                createOwnerOnly(target);
                try (InputStream in = zip.getInputStream(e); OutputStream os = Files.newOutputStream(target)) {
                    in.transferTo(os);
                }
            }
        }
        // directories a base backup leaves empty but the server needs
        for (String dir : List.of("pg_wal/archive_status", "pg_wal/summaries", "pg_replslot", "pg_dynshmem",
                "pg_notify", "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans", "pg_tblspc", "pg_twophase",
                "pg_logical/snapshots", "pg_logical/mappings", "pg_commit_ts")) {
            createOwnerOnlyDir(pgData.resolve(dir));
        }
    }

    static Optional<String> kafkaClusterId(Path dataDir) throws IOException {
        Path meta = dataDir.resolve("kafka").resolve("data").resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta)) {
            p.load(r);
        }
        return Optional.ofNullable(p.getProperty("cluster.id"));
    }

    private static Properties manifest(ZipFile zip) throws IOException {
        ZipEntry e = zip.getEntry(MANIFEST);
        if (e == null) {
            return null;
        }
        Properties p = new Properties();
        p.load(new StringReader(new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8)));
        return p;
    }

    private static boolean confirm(Console out, String what) throws IOException {
        out.line(what);
        System.out.print("Type 'yes' to continue: ");
        System.out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return "yes".equals(answer == null ? "" : answer.trim());
    }

    /** Where the user ran {@code ./clearhouse} (the script changes to the project directory). */
    private static Path callerDir() {
        return Path.of(System.getProperty("clearhouse.cwd", System.getProperty("user.dir"))).toAbsolutePath();
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    private static void createOwnerOnlyDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createOwnerOnlyDir(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectory(dir);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String single(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
