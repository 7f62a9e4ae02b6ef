package io.clearhouse.launcher;

/** The stack cannot start here; the message is one line saying what to do. */
public class StackRefusedException extends RuntimeException {

    public StackRefusedException(String message) {
        super(message);
    }
}
