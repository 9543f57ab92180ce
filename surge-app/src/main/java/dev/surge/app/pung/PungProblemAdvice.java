package dev.surge.app.pung;

import dev.surge.app.web.Problems;
import dev.surge.pung.PungException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers the pung domain's refusals as problems: not found 404, not friends 422, invalid 400,
 * conflict 409.
 */
@RestControllerAdvice(
    assignableTypes = {
      PungController.class,
      FeedController.class,
      FriendController.class,
      PungAdminController.class
    })
@Order(Ordered.HIGHEST_PRECEDENCE)
class PungProblemAdvice {

  @ExceptionHandler(PungException.class)
  ResponseEntity<ProblemDetail> refused(PungException e, HttpServletRequest request) {
    HttpStatus status =
        switch (e.reason()) {
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case NOT_FRIENDS -> HttpStatus.UNPROCESSABLE_CONTENT;
          case INVALID -> HttpStatus.BAD_REQUEST;
          case CONFLICT -> HttpStatus.CONFLICT;
        };
    return ResponseEntity.status(status).body(Problems.of(status, e.getMessage(), request));
  }
}
