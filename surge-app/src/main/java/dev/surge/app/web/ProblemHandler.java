package dev.surge.app.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception of a controller into an RFC 9457 problem: Spring MVC's own (404, 405, 415,
 * malformed bodies...) through the base class, validation with field errors, {@link ApiProblem}s
 * with their status, and anything unexpected as a 500 that reveals nothing.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblem e, HttpServletRequest request) {
    return ResponseEntity.status(e.status()).body(Problems.of(e.status(), e.getMessage(), request));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
    HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
    return ResponseEntity.status(status)
        .body(Problems.of(status, "An unexpected error occurred.", request));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Problems.FieldError> errors =
        e.getBindingResult().getFieldErrors().stream()
            .map(f -> new Problems.FieldError(f.getField(), f.getDefaultMessage()))
            .toList();
    return validation(errors, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Problems.FieldError> errors =
        e.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            error ->
                                new Problems.FieldError(
                                    parameterName(result.getMethodParameter().getParameterName()),
                                    error.getDefaultMessage())))
            .toList();
    return validation(errors, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field =
        e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
    String type = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
    return validation(
        List.of(new Problems.FieldError(parameterName(field), "must be a valid " + type)), request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    HttpStatus answer =
        RequestSizeLimitFilter.isBodyTooLarge(e)
            ? HttpStatus.CONTENT_TOO_LARGE
            : HttpStatus.BAD_REQUEST;
    String detail =
        answer == HttpStatus.BAD_REQUEST
            ? "The request body is missing or is not valid JSON of the expected shape."
            : "The request body is larger than this server accepts.";
    return ResponseEntity.status(answer).body(Problems.of(answer, detail, servlet(request)));
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail = "No endpoint " + e.getHttpMethod() + " /" + e.getResourcePath() + ".";
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(Problems.of(HttpStatus.NOT_FOUND, detail, servlet(request)));
  }

  /** Every problem names a type, {@code about:blank} unless a handler chose a specific one. */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail problem && problem.getType() == null) {
      problem.setType(Problems.BLANK_TYPE);
    }
    return super.createResponseEntity(body, headers, status, request);
  }

  private ResponseEntity<Object> validation(List<Problems.FieldError> errors, WebRequest request) {
    ProblemDetail problem = Problems.validation(errors);
    HttpServletRequest servlet = servlet(request);
    if (servlet != null) {
      problem.setInstance(java.net.URI.create(servlet.getRequestURI()));
    }
    return ResponseEntity.badRequest().body(problem);
  }

  private static String parameterName(String name) {
    return name == null ? "parameter" : name;
  }

  private static HttpServletRequest servlet(WebRequest request) {
    return request instanceof ServletWebRequest s ? s.getRequest() : null;
  }
}
