package dev.surge.app.gift;

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

/** Calls one app instance as an outside client would. */
final class GiftHttp {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  GiftHttp(int port) {
    this.base = "http://localhost:" + port;
  }

  record Reply(int status, String contentType, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  Reply get(String path, String token) {
    return send("GET", path, token, null);
  }

  Reply put(String path, String token, String json) {
    return send("PUT", path, token, json);
  }

  String token(long userId, String... roles) {
    StringBuilder body = new StringBuilder("{\"userId\":" + userId + ",\"roles\":[");
    for (int i = 0; i < roles.length; i++) {
      body.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
    }
    Reply reply = send("POST", "/api/dev/tokens", null, body.append("]}").toString());
    if (reply.status() != 200) {
      throw new IllegalStateException("dev token refused: " + reply);
    }
    return reply.json().get("token").asString();
  }

  private Reply send(String method, String path, String token, String json) {
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
    try {
      HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());
      return new Reply(
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
