package io.clearhouse.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on a stack's data directory ({@code stack.lock}), held while the stack lives.
 * The operating system releases it when the launcher dies, however it dies, so a crashed stack
 * never blocks the next one; and a second launcher on the same directory cannot take it.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE = "stack.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another launcher (or this one) holds it. */
    static Optional<DataDirLock> tryAcquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel channel = FileChannel.open(dataDir.resolve(FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new DataDirLock(channel, lock));
            }
        } catch (OverlappingFileLockException heldInThisJvm) {
            // another stack of this JVM (a test) holds it
        }
        channel.close();
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
