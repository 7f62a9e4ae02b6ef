package io.clearhouse.common.io;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Writes a secret to a file readable by its owner only, atomically: the text goes to an owner-only
 * {@code <name>.tmp} beside it (created with those permissions, never widened later), which then
 * replaces the file in one move, so a reader never sees a partial secret and a crash leaves the old
 * one. The one way the launcher, the gateway and the audit keys write keys and credentials.
 */
public final class OwnerOnlyFile {

    private OwnerOnlyFile() {
    }

    public static void write(Path file, String text) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code properties} in {@link Properties#store} form, with {@code comment} as its header. */
    public static void write(Path file, Properties properties, String comment) throws IOException {
        StringWriter text = new StringWriter();
        properties.store(text, comment);
        write(file, text.toString());
    }
}
