package dev.surge.app.web;

import org.springframework.http.HttpStatus;

/**
 * An expected failure of an API call (not found, conflict, unprocessable...), answered as a problem
 * with its status and detail and never logged as an error.
 */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;

  public ApiProblem(HttpStatus status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, detail);
  }

  public static ApiProblem unprocessable(String detail) {
    return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, detail);
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, detail);
  }
}
