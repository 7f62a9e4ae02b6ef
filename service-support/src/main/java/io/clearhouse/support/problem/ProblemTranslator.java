package io.clearhouse.support.problem;

/**
 * Gives an exception a service cannot make implement {@link ProblemException} (one from a
 * framework-free domain package) its HTTP meaning. A service declares translators as beans;
 * {@link ProblemAdvice} asks them before treating an exception as unexpected.
 */
@FunctionalInterface
public interface ProblemTranslator {

    /** The problem {@code e} is, or null when this translator does not know it. */
    ProblemException translate(Throwable e);
}
