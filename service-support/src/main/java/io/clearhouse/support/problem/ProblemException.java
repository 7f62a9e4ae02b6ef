package io.clearhouse.support.problem;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatusCode;

/**
 * An exception that knows the RFC 9457 problem it becomes: {@link ProblemAdvice} maps every
 * implementation the same way (status, stable {@link #type()} from
 * {@link io.clearhouse.common.problem.ProblemTypes}, the message as {@code detail}, field errors as
 * {@code errors: [{field, message}]}, and any extra properties). A service gives a domain exception
 * an HTTP meaning by implementing this interface, never by adding an advice of its own.
 */
public interface ProblemException {

    HttpStatusCode status();

    URI type();

    /** The problem's {@code detail}: says what is wrong in words a client developer can act on. */
    String getMessage();

    /** The fields at fault, if any. */
    default List<FieldError> errors() {
        return List.of();
    }

    /** Further problem members (e.g. a statement's line errors). */
    default Map<String, Object> properties() {
        return Map.of();
    }
}
