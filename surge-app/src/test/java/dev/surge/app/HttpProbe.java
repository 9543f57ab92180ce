package dev.surge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests that call the app as an outside client would. */
public class HttpProbe {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public HttpProbe(int port) {
    this.base = "http://localhost:" + port;
  }

  public Reply get(String path, String token) {
    return send("GET", path, token, Map.of(), null);
  }

  public Reply post(String path, String token, String json) {
    return send("POST", path, token, Map.of(), json);
  }

  public Reply put(String path, String token, String json) {
    return send("PUT", path, token, Map.of(), json);
  }

  /** Sends {@code json} (none when null) with the bearer {@code token} (none when null). */
  public Reply send(
      String method, String path, String token, Map<String, String> headers, String json) {
    HttpRequest.Builder request =
        builder(path, token)
            .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return send(request);
  }

  /** Sends any body with any content type, for tests of what the app refuses. */
  public Reply send(
      String method, String path, String token, String contentType, BodyPublisher body) {
    HttpRequest.Builder request = builder(path, token).method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  /** A dev token for {@code userId} with {@code roles}, from {@code POST /api/dev/tokens}. */
  public String token(long userId, String... roles) {
    StringBuilder json = new StringBuilder("{\"userId\":" + userId + ",\"roles\":[");
    for (int i = 0; i < roles.length; i++) {
      json.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
    }
    Reply reply = post("/api/dev/tokens", null, json.append("]}").toString());
    assertThat(reply.status()).as("dev token %s", reply).isEqualTo(200);
    return reply.json().get("token").asString();
  }

  private HttpRequest.Builder builder(String path, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      return new Reply(client.send(request.build(), BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response with its body parsed on demand. */
  public record Reply(HttpResponse<String> response) {
    public int status() {
      return response.statusCode();
    }

    public String body() {
      return response.body();
    }

    public String contentType() {
      return response.headers().firstValue("Content-Type").orElse("");
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    public JsonNode json() {
      return JSON.readTree(response.body());
    }

    /** Asserts an RFC 9457 problem with {@code expected} status; returns its body. */
    public JsonNode problem(int expected) {
      assertThat(status()).as("status of %s", this).isEqualTo(expected);
      assertThat(contentType()).startsWith("application/problem+json");
      JsonNode body = json();
      assertThat(body.get("status").asInt()).isEqualTo(expected);
      assertThat(body.hasNonNull("type")).as("type in %s", this).isTrue();
      assertThat(body.hasNonNull("title")).as("title in %s", this).isTrue();
      assertThat(body.hasNonNull("detail")).as("detail in %s", this).isTrue();
      return body;
    }

    @Override
    public String toString() {
      return response.statusCode() + " " + response.body();
    }
  }
}
