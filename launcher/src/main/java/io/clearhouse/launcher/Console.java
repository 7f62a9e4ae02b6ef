package io.clearhouse.launcher;

import java.io.PrintStream;

/** What the launcher tells its user: short lines, no stack traces. */
public final class Console {

    private final PrintStream out;

    public Console(PrintStream out) {
        this.out = out;
    }

    public void step(String what) {
        out.println("  starting " + what);
        out.flush();
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }
}
