package io.clearhouse.launcher.demo;

/**
 * One part of the demo (ingest a day, close it, reconcile, report...). Steps run in order and
 * share a {@link DemoContext}; a step that fails stops the demo with a non-zero exit.
 */
interface DemoStep {

    String title();

    /** @return true when the step did what it should */
    boolean run(DemoContext context) throws Exception;
}
