package io.clearhouse.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One embedded stack per test JVM, on free ports and a throw-away data directory, started from the
 * services' packaged jars exactly as {@code ./clearhouse up} does, shared by the stack tests. A test that
 * closes it (StackIT ends by stopping it) leaves the next caller a new one. Whatever runs at the end of the
 * test session is stopped then, by {@link StackSessionListener}, while the test JVM still waits for it: a
 * JVM shutdown hook alone was cut short by the test JVM's exit timeout, and left the services, Kafka and
 * PostgreSQL running after the build.
 */
final class RunningStack {

    private static Stack stack;

    private RunningStack() {
    }

    static synchronized Stack get() {
        if (stack == null || stack.isClosed()) {
            try {
                StackConfig base = StackConfig.from(System::getenv,
                        Path.of(System.getProperty("clearhouse.home", "..")).toAbsolutePath().normalize());
                if (!base.built()) {
                    throw new IllegalStateException("service jars missing under " + base.home()
                            + ": run the whole reactor (./mvnw verify), not this module alone");
                }
                StackConfig config = FreePorts.stackOn(base, Files.createTempDirectory("clearhouse-stack-it"));
                stack = Stack.start(config, new Console(new PrintStream(System.out, true)));
                Stack started = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return stack;
    }

    /** Stops the shared stack, if one runs (the end of the test session). */
    static synchronized void stop() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    /** See {@link FreePorts#take}. */
    static List<Integer> freePorts(int n) throws IOException {
        return FreePorts.take(n);
    }
}
