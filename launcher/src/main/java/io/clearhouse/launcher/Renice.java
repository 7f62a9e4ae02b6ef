package io.clearhouse.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Sets the nice value of threads or processes with the system's {@code renice}. */
final class Renice {

    /** How long one renice may take before it is given up. */
    static final long TIMEOUT_SECONDS = 10;
    static final Optional<Path> COMMAND = ChildProcess.onPath("renice");

    private Renice() {
    }

    /**
     * Sets {@code nice} on each id (on Linux a process id names its main thread, whose children inherit the
     * value). An id that has ended meanwhile is only reported by renice.
     */
    static void threads(int nice, List<Long> ids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(COMMAND.orElseThrow(() -> new IOException("no renice here"))
                .toString(), "-n", Integer.toString(nice), "-p"));
        ids.forEach(id -> command.add(Long.toString(id)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
