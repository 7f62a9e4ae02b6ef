package io.clearhouse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An online physical backup of the embedded PostgreSQL cluster through the server's own backup API
 * ({@code pg_backup_start}/{@code pg_backup_stop}, what {@code pg_basebackup} does), because the zonky
 * binaries the launcher runs carry only {@code initdb}, {@code pg_ctl} and {@code postgres}: no
 * {@code pg_dump}. The copy of the data files is made consistent by the WAL from the backup's start to
 * its stop, which a temporary replication slot keeps from being recycled while the files are read; on
 * restore the server replays that WAL from {@code backup_label} before it accepts connections. The
 * result is one snapshot of every schema, roles and grants included, taken while the services write.
 */
final class PostgresBaseBackup {

    /** Directories whose contents a base backup leaves out (as pg_basebackup does): rebuilt at start. */
    private static final Set<String> EMPTY_DIRS = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    /** Files of a running server that must not be in a backup (zonky's lock, the postmaster's pid). */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
            "backup_label", "tablespace_map", "pg_internal.init");

    private PostgresBaseBackup() {
    }

    /** What a finished base backup reports, for the manifest. */
    record Result(String startLsn, String stopLsn, long files, long bytes) {
    }

    /** A superuser connection to the embedded server (password authentication, the stack's own secret). */
    static Connection connect(StackConfig config) throws SQLException {
        java.util.Properties login = new java.util.Properties();
        login.setProperty("user", "postgres");
        try {
            login.setProperty("password", Secrets.postgresSuperuserPassword(config.dataDir()));
        } catch (java.io.IOException e) {
            throw new SQLException("cannot read the stack's secrets in " + config.dataDir(), e);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + config.postgresPort()
                + "/clearhouse?connectTimeout=10&ApplicationName=clearhouse-backup", login);
    }

    /**
     * Copies the running cluster in {@code dataDir} into {@code zip} under {@code prefix}. The session
     * stays open from start to stop: a non-exclusive backup ends when its session does.
     */
    static Result copy(Connection c, Path dataDir, ZipOutputStream zip, String prefix) throws SQLException,
            IOException {
        try (Statement st = c.createStatement()) {
            Path served = Path.of(single(st, "SHOW data_directory")).toRealPath();
            if (!served.equals(dataDir.toRealPath())) {
                throw new IOException("the PostgreSQL on this port serves " + served + ", not " + dataDir
                        + ": is CLEARHOUSE_PG_PORT the stack's?");
            }
            // a temporary slot (dropped when the session ends) holds every WAL segment from here on
            st.execute("SELECT pg_create_physical_replication_slot('clearhouse_backup_"
                    + ProcessHandle.current().pid() + "', true, true)");
            String start = single(st, "SELECT pg_backup_start('clearhouse backup', true)");
            String startWal = single(st, "SELECT pg_walfile_name('" + start + "')");
            long[] counts = new long[2];
            try {
                copyTree(dataDir, zip, prefix, counts);
            } catch (IOException | RuntimeException e) {
                st.execute("SELECT pg_backup_stop(false)");
                throw e;
            }
            String stop;
            String label;
            String tablespaceMap;
            try (ResultSet rs = st.executeQuery("SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                rs.next();
                stop = rs.getString("lsn");
                label = rs.getString("labelfile");
                tablespaceMap = rs.getString("spcmapfile");
            }
            String stopWal = single(st, "SELECT pg_walfile_name('" + stop + "')");
            put(zip, prefix + "backup_label", label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                put(zip, prefix + "tablespace_map", tablespaceMap.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            copyWal(dataDir.resolve("pg_wal"), startWal, stopWal, zip, prefix + "pg_wal/", counts);
            return new Result(start, stop, counts[0], counts[1]);
        }
    }

    private static void copyTree(Path root, ZipOutputStream zip, String prefix, long[] counts) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        for (Path p : paths) {
            Path rel = root.relativize(p);
            String name = rel.toString().replace('\\', '/');
            boolean insideEmptied = rel.getNameCount() > 1 && EMPTY_DIRS.contains(rel.getName(0).toString());
            boolean temporary = false;
            for (Path part : rel) {
                temporary |= part.toString().startsWith("pgsql_tmp"); // sort and hash spill files, come and go
            }
            if (insideEmptied || temporary || SKIPPED_FILES.contains(rel.getFileName().toString())) {
                continue;
            }
            if (Files.isDirectory(p)) {
                zip.putNextEntry(new ZipEntry(prefix + name + "/"));
                zip.closeEntry();
            } else if (Files.isRegularFile(p)) {
                copyFile(p, prefix + name, zip, counts);
            }
        }
    }

    /** The WAL segments from the backup's start to its stop (same timeline), and every timeline history. */
    private static void copyWal(Path walDir, String startWal, String stopWal, ZipOutputStream zip, String prefix,
                                long[] counts) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(walDir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String n = f.getFileName().toString();
            boolean segment = n.length() == 24 && n.compareTo(startWal) >= 0 && n.compareTo(stopWal) <= 0;
            if (segment || n.endsWith(".history")) {
                copyFile(f, prefix + n, zip, counts);
            }
        }
    }

    private static void copyFile(Path file, String name, ZipOutputStream zip, long[] counts) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            zip.putNextEntry(new ZipEntry(name));
            counts[1] += in.transferTo(zip);
            counts[0]++;
            zip.closeEntry();
        } catch (NoSuchFileException droppedMeanwhile) {
            // a relation dropped during the copy: the WAL replay drops it again
        }
    }

    static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
