package io.clearhouse.reporting.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** RFC 9457 problem+json for every refusal, naming the field at fault; never a stack trace. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final String BASE = "https://clearhouse.io/problems/";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(Problems.InvalidField.class)
    ResponseEntity<ProblemDetail> invalid(Problems.InvalidField e) {
        return json(field(e.field(), e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
        return json(field(e.getName(), "has the wrong format: " + e.getValue()));
    }

    @ExceptionHandler(Caller.Unauthenticated.class)
    ResponseEntity<ProblemDetail> unauthenticated(Caller.Unauthenticated e) {
        return json(problem(HttpStatus.UNAUTHORIZED, "unauthenticated", e.getMessage()));
    }

    @ExceptionHandler(Caller.Forbidden.class)
    ResponseEntity<ProblemDetail> forbidden(Caller.Forbidden e) {
        return json(problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage()));
    }

    @ExceptionHandler(Problems.NotFound.class)
    ResponseEntity<ProblemDetail> notFound(Problems.NotFound e) {
        return json(problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage()));
    }

    /** Anything unforeseen: 500 as a problem, logged here, never a stack trace to the caller. */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        log.error("Request failed", e);
        return json(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "the request could not be completed"));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(field(ex.getParameterName(), "is required"));
    }

    /** Report endpoints produce CSV/XLSX/PDF; a problem is always JSON, whatever the caller accepts. */
    private static ResponseEntity<ProblemDetail> json(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    static ProblemDetail field(String field, String message) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-request", message);
        p.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return p;
    }

    static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(BASE + type));
        return p;
    }
}
