package dev.surge.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the transfer endpoints as an outside client: JSON over HTTP with a bearer token. */
final class Client {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  Client(int port) {
    this.base = "http://localhost:" + port;
  }

  /** A response and its body. */
  record Answer(int status, String contentType, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    /** Asserts a problem+json answer with {@code status}; returns its body. */
    JsonNode problem(int expected) {
      assertThat(status).as("status of %s", this).isEqualTo(expected);
      assertThat(contentType).startsWith("application/problem+json");
      JsonNode json = json();
      assertThat(json.get("status").asInt()).isEqualTo(expected);
      assertThat(json.hasNonNull("detail")).as("detail in %s", this).isTrue();
      return json;
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  String token(long userId, String... roles) {
    StringBuilder json = new StringBuilder("{\"userId\":" + userId + ",\"roles\":[");
    for (int i = 0; i < roles.length; i++) {
      json.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
    }
    Answer answer = send("POST", "/api/dev/tokens", null, null, json.append("]}").toString());
    assertThat(answer.status()).as("dev token %s", answer).isEqualTo(200);
    return answer.json().get("token").asString();
  }

  Answer get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  Answer post(String path, String token, String json) {
    return send("POST", path, token, null, json);
  }

  Answer put(String path, String token, String json) {
    return send("PUT", path, token, null, json);
  }

  Answer transfer(String token, String key, String json) {
    return send("POST", "/api/transfers", token, key, json);
  }

  Answer send(String method, String path, String token, String idempotencyKey, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
