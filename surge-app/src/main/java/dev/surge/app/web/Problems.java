package dev.surge.app.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Builds RFC 9457 problem details and writes them where no MVC converter is at hand. */
public final class Problems {

  /** The {@code type} of a problem that has no more specific type than its HTTP status. */
  public static final URI BLANK_TYPE = URI.create("about:blank");

  /** The {@code type} of problems that carry field errors. */
  public static final URI VALIDATION_TYPE = URI.create("urn:surge:problem:validation");

  private Problems() {}

  /** A problem for {@code status} with the standard reason phrase as title. */
  public static ProblemDetail of(HttpStatusCode status, String detail, HttpServletRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(BLANK_TYPE);
    if (request != null) {
      problem.setInstance(URI.create(request.getRequestURI()));
    }
    return problem;
  }

  /** A 400 validation problem with one {@code {field, message}} entry per error. */
  public static ProblemDetail validation(List<FieldError> errors) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatusCode.valueOf(400), "The request has " + errors.size() + " invalid field(s).");
    problem.setType(VALIDATION_TYPE);
    problem.setTitle("Validation failed");
    problem.setProperty("errors", errors);
    return problem;
  }

  /** One invalid field of a request. */
  public record FieldError(String field, String message) {}

  /** Writes {@code problem} as {@code application/problem+json} to a raw servlet response. */
  public static void write(JsonMapper json, HttpServletResponse response, ProblemDetail problem)
      throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), asMap(problem));
  }

  private static Map<String, Object> asMap(ProblemDetail problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", (problem.getType() == null ? BLANK_TYPE : problem.getType()).toString());
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    if (problem.getInstance() != null) {
      body.put("instance", problem.getInstance().toString());
    }
    if (problem.getProperties() != null) {
      body.putAll(problem.getProperties());
    }
    return body;
  }
}
