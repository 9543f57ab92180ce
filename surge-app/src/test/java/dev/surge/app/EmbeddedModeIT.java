package dev.surge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The app as a newcomer runs it: no settings, every engine in-process, probed over HTTP. */
class EmbeddedModeIT {

  @TempDir static Path dataDir;

  private static ConfigurableApplicationContext app;
  private static HttpProbe http;

  @BeforeAll
  static void start() {
    app = SurgeRun.start("--server.port=0", "--surge.embedded.data-dir=" + dataDir);
    http = new HttpProbe(SurgeRun.port(app));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void healthListsEveryEngineUp() {
    HttpProbe.Reply reply = http.get("/actuator/health", null);

    assertThat(reply.status()).isEqualTo(200);
    JsonNode health = reply.json();
    assertThat(health.get("status").asString()).isEqualTo("UP");
    for (String engine : new String[] {"db", "kafka", "redis", "zookeeper", "shards"}) {
      assertThat(health.at("/components/" + engine + "/status").asString())
          .as("component %s in %s", engine, reply)
          .isEqualTo("UP");
    }
    assertThat(health.at("/components/shards/details/count").asInt()).isEqualTo(2);
  }

  @Test
  void devTokenAuthenticatesAndMissingTokenIsAProblem() {
    HttpProbe.Reply anonymous = http.get("/api/feed", null);
    anonymous.problem(401);
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");

    String token = http.token(42);
    assertThat(http.get("/api/feed", token).status()).isNotIn(401, 403);
  }

  @Test
  void invalidTokensAreRejected() {
    http.get("/api/feed", "not.a.jwt").problem(401);
    String token = http.token(7);
    String tampered = token.substring(0, token.length() - 2) + "xx";
    http.get("/api/feed", tampered).problem(401);
  }

  @Test
  void adminPathsNeedTheAdminRole() {
    http.get("/api/admin/wallets", http.token(8)).problem(403);
    assertThat(http.get("/api/admin/wallets", http.token(9, "ADMIN")).status()).isNotIn(401, 403);
  }

  @Test
  void devTokenInputIsValidated() {
    JsonNode negative = http.post("/api/dev/tokens", null, "{\"userId\":-1}").problem(400);
    assertThat(negative.get("errors").get(0).get("field").asString()).isEqualTo("userId");
    http.post("/api/dev/tokens", null, "{}").problem(400);
    http.post("/api/dev/tokens", null, "{\"userId\":\"abc\"}").problem(400);
    http.post("/api/dev/tokens", null, "{\"userId\":1e400}").problem(400);
    http.post("/api/dev/tokens", null, "{\"userId\":99999999999999999999999}").problem(400);
  }

  @Test
  void malformedJsonIsABadRequest() {
    http.post("/api/dev/tokens", null, "{\"userId\":").problem(400);
    http.post("/api/dev/tokens", null, "[1,2").problem(400);
  }

  @Test
  void wrongMethodUnknownPathAndMediaTypeAreProblems() {
    http.send("DELETE", "/api/dev/tokens", null, null, BodyPublishers.noBody()).problem(405);
    http.get("/api/no-such-endpoint", http.token(3)).problem(404);
    http.get("/no-such-page", null).problem(404);
    http.send("POST", "/api/dev/tokens", null, "text/plain", BodyPublishers.ofString("userId=1"))
        .problem(415);
  }

  @Test
  void hugeBodiesAreRefusedWithContentTooLarge() {
    byte[] big = new byte[3 * 1024 * 1024];
    Arrays.fill(big, (byte) ' ');
    byte[] start = "{\"userId\":1,\"pad\":\"".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(start, 0, big, 0, start.length);
    Arrays.fill(big, start.length, big.length, (byte) 'a');

    http.send("POST", "/api/dev/tokens", null, "application/json", BodyPublishers.ofByteArray(big))
        .problem(413);
    // Without a length (chunked), the body is cut off while it is read.
    http.send(
            "POST",
            "/api/dev/tokens",
            null,
            "application/json",
            BodyPublishers.ofInputStream(() -> chunks(big)))
        .problem(413);
  }

  @Test
  void metricsAndApiDocsAreServed() {
    HttpProbe.Reply prometheus = http.get("/actuator/prometheus", null);
    assertThat(prometheus.status()).isEqualTo(200);
    assertThat(prometheus.response().body()).contains("jvm_memory_used_bytes");

    HttpProbe.Reply docs = http.get("/v3/api-docs", null);
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.json().get("openapi").asString()).startsWith("3.");
  }

  @Test
  void secondInstanceSharesTheFirstInstancesEngines() throws IOException {
    Path settings = dataDir.resolve("second-instance.properties");
    assertThat(settings).exists();
    assertThat(Files.readString(settings)).contains("surge.embedded.enabled=false");

    try (ConfigurableApplicationContext second =
        SurgeRun.start("--spring.config.import=file:" + settings, "--server.port=0")) {
      HttpProbe secondHttp = new HttpProbe(SurgeRun.port(second));
      JsonNode health = secondHttp.get("/actuator/health", null).json();
      assertThat(health.get("status").asString()).as("%s", health).isEqualTo("UP");
      // One JWT key for both: a token from the first instance works on the second.
      assertThat(secondHttp.get("/api/feed", http.token(11)).status()).isNotIn(401, 403);
    }
  }

  private static InputStream chunks(byte[] body) {
    return new SequenceInputStream(
        new ByteArrayInputStream(body, 0, body.length / 2),
        new ByteArrayInputStream(body, body.length / 2, body.length - body.length / 2));
  }
}
