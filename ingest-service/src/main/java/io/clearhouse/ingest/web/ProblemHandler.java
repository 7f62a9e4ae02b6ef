package io.clearhouse.ingest.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** RFC 9457 problem+json for every refusal, naming the field at fault; never a stack trace. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final URI INVALID_REQUEST = URI.create("https://clearhouse.io/problems/invalid-request");

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(INVALID_REQUEST);
        return problem;
    }

    @Override
    protected org.springframework.http.ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex, org.springframework.http.HttpHeaders headers,
            org.springframework.http.HttpStatusCode status, org.springframework.web.context.request.WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setType(INVALID_REQUEST);
        problem.setProperty("errors", List.of(Map.of("field", ex.getParameterName(), "message", "is required")));
        return org.springframework.http.ResponseEntity.badRequest().body(problem);
    }
}
