package io.clearhouse.gateway.web;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

/** Maps every refusal of the gateway's own handlers to RFC 9457 problem+json; never a stack trace. */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(Refusal.class)
    ResponseEntity<ProblemDetail> refused(Refusal e, ServerWebExchange exchange) {
        RequestContext.of(exchange).refused(e.reason());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.detail());
        problem.setType(e.type());
        problem.setTitle(e.title());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        ResponseEntity.BodyBuilder b = ResponseEntity.status(e.status());
        e.headers().forEach(b::header);
        return b.body(problem);
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e, ServerWebExchange exchange) {
        RequestContext.of(exchange).refused(Problems.reason(e.errors().isEmpty() ? Problems.MALFORMED_JSON
                : Problems.INVALID_REQUEST));
        return invalid(e);
    }

    private ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(e.errors().isEmpty() ? Problems.MALFORMED_JSON : Problems.INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", e.errors());
        return ResponseEntity.badRequest().body(problem);
    }

    /** Logged with the request's id and trace, though it runs on whichever thread the failure came back on. */
    @ExceptionHandler(ServiceUnavailableException.class)
    Mono<ResponseEntity<ProblemDetail>> unavailable(ServiceUnavailableException e) {
        return RequestThreadLocals.defer(() -> {
            log.warn("Refusing with 503: {}", e.getMessage());
            return unavailableProblem(e);
        });
    }

    private static ResponseEntity<ProblemDetail> unavailableProblem(ServiceUnavailableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setType(Problems.UNAVAILABLE);
        problem.setTitle("Temporarily unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(problem);
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException e, ServerWebExchange exchange) {
        RequestContext.of(exchange).refused(Problems.reason(Problems.PAYLOAD_TOO_LARGE));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "request body exceeds the size limit");
        problem.setType(Problems.PAYLOAD_TOO_LARGE);
        problem.setTitle("Payload too large");
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    ResponseEntity<ProblemDetail> mediaType(UnsupportedMediaTypeStatusException e, ServerWebExchange exchange) {
        RequestContext.of(exchange).refused(Problems.reason(Problems.UNSUPPORTED_MEDIA_TYPE));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "send application/json");
        problem.setType(Problems.UNSUPPORTED_MEDIA_TYPE);
        problem.setTitle("Unsupported media type");
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(problem);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> input(ServerWebInputException e, ServerWebExchange exchange) {
        if (e.getMostSpecificCause() instanceof DataBufferLimitException limit) {
            return tooLarge(limit, exchange);
        }
        return invalid(new InvalidRequestException(e.getReason() == null ? "unreadable request" : e.getReason(),
                List.of(new FieldError("body", e.getReason() == null ? "unreadable" : e.getReason()))), exchange);
    }
}
