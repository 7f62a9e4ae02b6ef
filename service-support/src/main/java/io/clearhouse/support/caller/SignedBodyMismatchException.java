package io.clearhouse.support.caller;

import io.clearhouse.common.problem.ProblemTypes;
import io.clearhouse.support.problem.ProblemException;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * A streamed body that turned out, at its last byte, not to be the one the gateway signed (its
 * length or SHA-256 differ from {@code X-Clearhouse-Body}). Thrown from the body's stream, so that a
 * handler reading the body to its end before it commits (a statement upload) fails before any effect;
 * answered 401 {@code unauthenticated} however the handler wraps it.
 */
public final class SignedBodyMismatchException extends IOException implements ProblemException {

    public SignedBodyMismatchException(String detail) {
        super(detail);
    }

    @Override
    public HttpStatusCode status() {
        return HttpStatus.UNAUTHORIZED;
    }

    @Override
    public URI type() {
        return ProblemTypes.UNAUTHENTICATED;
    }
}
