package io.clearhouse.launcher;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared test stack when the test session ends, inside the test JVM, before it exits
 * (registered in {@code META-INF/services}).
 */
public class StackSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        RunningStack.stop();
    }
}
