package io.clearhouse.support.problem;

import io.clearhouse.common.problem.ProblemTypes;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The refusals every service raises: throw one from a controller or the code it calls and
 * {@link ProblemAdvice} answers with the matching problem. {@link Problem} is the general form for a
 * domain refusal with its own type URI.
 */
public final class Problems {

    private Problems() {
    }

    /** Any refusal: a status, a type from {@link ProblemTypes}, a detail, optional field errors and properties. */
    public static class Problem extends RuntimeException implements ProblemException {

        private final HttpStatusCode status;
        private final URI type;
        private final List<FieldError> errors;
        private final Map<String, Object> properties;

        public Problem(HttpStatusCode status, URI type, String detail) {
            this(status, type, detail, List.of(), Map.of());
        }

        public Problem(HttpStatusCode status, URI type, String detail, List<FieldError> errors,
                       Map<String, Object> properties) {
            super(detail);
            this.status = status;
            this.type = type;
            this.errors = List.copyOf(errors);
            this.properties = Map.copyOf(properties);
        }

        @Override
        public HttpStatusCode status() {
            return status;
        }

        @Override
        public URI type() {
            return type;
        }

        @Override
        public List<FieldError> errors() {
            return errors;
        }

        @Override
        public Map<String, Object> properties() {
            return properties;
        }
    }

    /** 400: a request field with a value the operation cannot take; the detail is {@code "field: message"}. */
    public static final class Invalid extends Problem {

        public Invalid(String field, String message) {
            super(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, field + ": " + message,
                    List.of(new FieldError(field, message)), Map.of());
        }

        public String field() {
            return errors().get(0).field();
        }
    }

    /** 401: no valid caller identity. */
    public static final class Unauthenticated extends Problem {

        public Unauthenticated(String detail) {
            super(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED, detail);
        }
    }

    /** 403: the caller may not do this. */
    public static final class Forbidden extends Problem {

        public Forbidden(String detail) {
            super(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, detail);
        }
    }

    /** 404: no such resource, or one the caller may not know exists. */
    public static final class NotFound extends Problem {

        public NotFound(String detail) {
            super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, detail);
        }
    }

    /**
     * 409: the request contradicts the current state (illegal transition, closed period, same maker
     * and checker); with a field when one field is the contradiction.
     */
    public static final class Conflict extends Problem {

        public Conflict(String detail) {
            super(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, detail);
        }

        public Conflict(String field, String message) {
            super(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, field + ": " + message,
                    List.of(new FieldError(field, message)), Map.of());
        }
    }

    /** 422: well-formed, but the data at hand does not allow it; {@code type} says which case. */
    public static final class Unprocessable extends Problem {

        public Unprocessable(URI type, String detail) {
            super(HttpStatus.UNPROCESSABLE_CONTENT, type, detail);
        }
    }

    /** 503: a dependency or a bounded queue cannot take the request now; the caller may retry. */
    public static final class Unavailable extends Problem {

        public Unavailable(String detail) {
            this(ProblemTypes.UNAVAILABLE, detail);
        }

        public Unavailable(URI type, String detail) {
            super(HttpStatus.SERVICE_UNAVAILABLE, type, detail);
        }
    }
}
