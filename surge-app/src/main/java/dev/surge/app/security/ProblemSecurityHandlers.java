package dev.surge.app.security;

import dev.surge.app.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/** Answers 401 and 403 as problem+json, like every other error of the API. */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final JsonMapper json;

  ProblemSecurityHandlers(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    Problems.write(
        json,
        response,
        Problems.of(HttpStatus.UNAUTHORIZED, "A valid bearer token is required.", request));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    Problems.write(
        json,
        response,
        Problems.of(HttpStatus.FORBIDDEN, "The token lacks a role this call needs.", request));
  }
}
