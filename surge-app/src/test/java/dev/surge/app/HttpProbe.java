package dev.surge.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests that call the app as an outside client would. */
final class HttpProbe {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  HttpProbe(int port) {
    this.base = "http://localhost:" + port;
  }

  Reply get(String path, String token) {
    return send(builder(path, token).GET());
  }

  Reply postJson(String path, String token, String json) {
    return send(
        builder(path, token)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json)));
  }

  Reply send(String method, String path, String token, String contentType, BodyPublisher body) {
    HttpRequest.Builder request = builder(path, token).method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  /** A dev token for {@code userId} with {@code roles}, from {@code POST /api/dev/tokens}. */
  String token(long userId, String... roles) {
    StringBuilder json = new StringBuilder("{\"userId\":" + userId + ",\"roles\":[");
    for (int i = 0; i < roles.length; i++) {
      json.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
    }
    Reply reply = postJson("/api/dev/tokens", null, json.append("]}").toString());
    if (reply.status() != 200) {
      throw new IllegalStateException("dev token refused: " + reply);
    }
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
      HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());
      return new Reply(response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response with its body parsed on demand. */
  record Reply(HttpResponse<String> response) {
    int status() {
      return response.statusCode();
    }

    String contentType() {
      return response.headers().firstValue("Content-Type").orElse("");
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    JsonNode json() {
      return JSON.readTree(response.body());
    }

    @Override
    public String toString() {
      return response.statusCode() + " " + response.body();
    }
  }
}
