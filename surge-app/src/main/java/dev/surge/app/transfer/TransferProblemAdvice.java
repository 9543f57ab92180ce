package dev.surge.app.transfer;

import dev.surge.app.web.Problems;
import dev.surge.lock.LockException;
import dev.surge.transfer.TransferRejectedException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers the transfer service's refusals as problems: bad input and unknown banks 400, short
 * balance 422, key reuse and wrong state 409, unknown transfers 404; a wallet lock that could not
 * be taken (busy or Redis down) is a 503 the client may retry.
 */
@RestControllerAdvice(basePackageClasses = TransferProblemAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class TransferProblemAdvice {

  /** A malformed header or parameter, answered like a body validation failure. */
  static final class InvalidField extends RuntimeException {
    final String field;

    InvalidField(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  @ExceptionHandler(InvalidField.class)
  ResponseEntity<ProblemDetail> invalid(InvalidField e, HttpServletRequest request) {
    return validation(e.field, e.getMessage(), request);
  }

  @ExceptionHandler(TransferRejectedException.class)
  ResponseEntity<ProblemDetail> rejected(TransferRejectedException e, HttpServletRequest request) {
    HttpStatus status =
        switch (e.reason()) {
          case INVALID -> HttpStatus.BAD_REQUEST;
          case UNKNOWN_BANK -> null;
          case INSUFFICIENT_BALANCE, BALANCE_LIMIT -> HttpStatus.UNPROCESSABLE_CONTENT;
          case IDEMPOTENCY_CONFLICT, WRONG_STATE -> HttpStatus.CONFLICT;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
        };
    if (status == null) {
      return validation("bankCode", e.getMessage(), request);
    }
    return ResponseEntity.status(status).body(Problems.of(status, e.getMessage(), request));
  }

  @ExceptionHandler(LockException.class)
  ResponseEntity<ProblemDetail> lock(LockException e, HttpServletRequest request) {
    HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
    return ResponseEntity.status(status)
        .header("Retry-After", "1")
        .body(Problems.of(status, "The wallet is busy; try again.", request));
  }

  private static ResponseEntity<ProblemDetail> validation(
      String field, String message, HttpServletRequest request) {
    ProblemDetail problem = Problems.validation(List.of(new Problems.FieldError(field, message)));
    problem.setInstance(URI.create(request.getRequestURI()));
    return ResponseEntity.badRequest().body(problem);
  }
}
