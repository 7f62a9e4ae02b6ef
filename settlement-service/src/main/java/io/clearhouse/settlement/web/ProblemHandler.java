package io.clearhouse.settlement.web;

import io.clearhouse.settlement.domain.ContractViolation;
import io.clearhouse.settlement.domain.MissingFxRateException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
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

    @ExceptionHandler(Problems.InvalidField.class)
    ProblemDetail invalid(Problems.InvalidField e) {
        return field(e.field(), e.getMessage());
    }

    @ExceptionHandler(ContractViolation.class)
    ProblemDetail contract(ContractViolation e) {
        return field(e.field(), e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return field(e.getName(), "has the wrong format: " + e.getValue());
    }

    @ExceptionHandler(Caller.Forbidden.class)
    ProblemDetail forbidden(Caller.Forbidden e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
    }

    @ExceptionHandler(Problems.NotFound.class)
    ProblemDetail notFound(Problems.NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler(Problems.Conflict.class)
    ProblemDetail conflict(Problems.Conflict e) {
        return problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
    }

    @ExceptionHandler(Problems.Unprocessable.class)
    ProblemDetail unprocessable(Problems.Unprocessable e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "cannot-close", e.getMessage());
    }

    @ExceptionHandler(MissingFxRateException.class)
    ProblemDetail missingRate(MissingFxRateException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "missing-fx-rate", e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(field(ex.getParameterName(), "is required"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(field("body", "is not readable JSON of the expected shape"));
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
