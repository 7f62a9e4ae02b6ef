package io.clearhouse.support.problem;

import io.clearhouse.common.problem.ProblemTypes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.ObjectError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * The one {@code @RestControllerAdvice} of every servlet service: each refusal becomes RFC 9457
 * {@code application/problem+json} with a stable {@code type} ({@link ProblemTypes}), a detail, and
 * {@code errors: [{field, message}]} naming the fields at fault. Covers the shared refusals
 * ({@link ProblemException}), Bean Validation, unreadable JSON and wrong types (naming the field),
 * missing parameters, and the framework's own 404/405/406/415. An unexpected exception is logged
 * with its stack trace and answered 500 with a generic detail: no internals ever reach the client.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final List<ProblemTranslator> translators;

    public ProblemAdvice(List<ProblemTranslator> translators) {
        this.translators = List.copyOf(translators);
    }

    /** Builds the problem of a refusal: the one place that decides the JSON shape. */
    public static ProblemDetail problem(HttpStatusCode status, URI type, String detail, List<FieldError> errors,
                                        Map<String, Object> properties) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(type);
        if (!errors.isEmpty()) {
            p.setProperty("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message()))
                    .toList());
        }
        properties.forEach(p::setProperty);
        return p;
    }

    static ProblemDetail invalid(List<FieldError> errors) {
        String detail = String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        return problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, detail, errors, Map.of());
    }

    ResponseEntity<ProblemDetail> refused(ProblemException e) {
        return ResponseEntity.status(e.status())
                .body(problem(e.status(), e.type(), e.getMessage(), e.errors(), e.properties()));
    }

    /** Argument checks in domain code and parsers ({@code Money}, records' compact constructors). */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        ProblemException translated = translate(e);
        if (translated != null) {
            return refused(translated);
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                e.getMessage(), List.of(), Map.of()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(e.getName(), expected(e)))));
    }

    /** The database is down or the statement hit a transient failure: the caller may retry. */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(DataAccessException e) {
        log.warn("Database unavailable, answered 503: {}", e.toString());
        return refused(new Problems.Unavailable("the service's database is unavailable; retry later"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        ProblemException translated = translate(e);
        if (translated != null) {
            return refused(translated);
        }
        ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(e.getClass(), ResponseStatus.class);
        if (declared != null) {
            HttpStatus status = declared.code();
            return ResponseEntity.status(status).body(problem(status, ProblemTypes.forStatus(status.value()),
                    declared.reason().isEmpty() ? status.getReasonPhrase() : declared.reason(), List.of(), Map.of()));
        }
        log.error("Unexpected failure answered 500", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                ProblemTypes.INTERNAL_ERROR, "the request failed on our side; it may be retried", List.of(),
                Map.of()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(errors(ex.getBindingResult())));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(r -> {
            String name = r.getMethodParameter().getParameterName();
            r.getResolvableErrors().forEach(e -> errors.add(new FieldError(
                    e instanceof org.springframework.validation.FieldError f ? f.getField() : String.valueOf(name),
                    String.valueOf(e.getDefaultMessage()))));
        });
        if (errors.isEmpty()) {
            errors.add(new FieldError("request", "is not valid"));
        }
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(ex.getParameterName(), "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = ex.getPropertyName() == null ? "request" : ex.getPropertyName();
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(field, expected(ex)))));
    }

    /**
     * Not JSON, or JSON of the wrong shape: names the field Jackson was reading ({@code lines[2].amount})
     * and what it expected, never the parser's message (which can quote the input).
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemException wrapped = translate(ex);
        if (wrapped != null) {
            return ResponseEntity.status(wrapped.status()).body(problem(wrapped.status(), wrapped.type(),
                    wrapped.getMessage(), wrapped.errors(), wrapped.properties()));
        }
        String field = "body";
        String message = "is not readable JSON of the expected shape";
        if (ex.getCause() instanceof JacksonException j && !j.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference r : j.getPath()) {
                if (r.getPropertyName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            if (!path.isEmpty()) {
                field = path.toString();
                message = j instanceof tools.jackson.databind.exc.UnrecognizedPropertyException
                        ? "is not a known field" : "has the wrong type or format";
            }
        }
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(field, message))));
    }

    /** Every other framework refusal (404, 405, 406, 413, 415...) keeps Spring's status and gets our type. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse error) {
            body = error.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail p && (p.getType() == null || "about:blank".equals(p.getType().toString()))) {
            p.setType(ProblemTypes.forStatus(statusCode.value()));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    /** The exception's own meaning ({@link ProblemException}), else what a translator makes of it, else null. */
    private ProblemException translate(Throwable e) {
        if (e instanceof ProblemException p) {
            return p;
        }
        // a refusal raised under a wrapper (a body stream's SignedBodyMismatchException inside a loader's
        // IllegalStateException) keeps its meaning: never a 500 for what is the caller's fault
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof ProblemException p) {
                return p;
            }
        }
        for (ProblemTranslator t : translators) {
            ProblemException p = t.translate(e);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static List<FieldError> errors(BindingResult result) {
        List<FieldError> errors = new ArrayList<>();
        for (org.springframework.validation.FieldError f : result.getFieldErrors()) {
            errors.add(new FieldError(f.getField(), f.isBindingFailure() ? "has the wrong type or format"
                    : String.valueOf(f.getDefaultMessage())));
        }
        for (ObjectError g : result.getGlobalErrors()) {
            errors.add(new FieldError(g.getObjectName(), String.valueOf(g.getDefaultMessage())));
        }
        return errors;
    }

    private static String expected(TypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        if (type != null && type.isEnum()) {
            return "must be one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return type == null ? "has the wrong format" : "has the wrong format (expected " + type.getSimpleName() + ")";
    }
}
