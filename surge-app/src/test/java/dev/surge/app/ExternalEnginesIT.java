package dev.surge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.app.infra.embedded.EmbeddedKafka;
import dev.surge.app.infra.embedded.EmbeddedZooKeeper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The app with {@code surge.embedded.enabled=false}, configured only through ordinary properties:
 * the machine's PostgreSQL (main and shard 0), MariaDB (shard 1), each in a schema of its own,
 * Redis and RabbitMQ, and a Kafka broker and ZooKeeper server that this test runs as if they were
 * remote.
 */
class ExternalEnginesIT {

  static final String JWT_SECRET = "external-engines-it-secret-of-at-least-32-bytes";

  @TempDir static Path dataDir;

  private static final String SCHEMA = TestEngines.uniqueName("surge_it");

  private static EmbeddedKafka kafka;
  private static EmbeddedZooKeeper zookeeper;
  private static ConfigurableApplicationContext app;
  private static HttpProbe http;

  @BeforeAll
  static void start() throws Exception {
    kafka = new EmbeddedKafka(0);
    zookeeper = new EmbeddedZooKeeper(0, dataDir);
    app =
        SurgeRun.start(
            "--server.port=0",
            "--surge.embedded.enabled=false",
            "--surge.embedded.data-dir=" + dataDir,
            "--surge.auth.jwt-secret=" + JWT_SECRET,
            "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
            "--surge.zookeeper.connect=" + zookeeper.connectString(),
            "--surge.redis.addresses=redis://" + TestEngines.redis(),
            "--spring.rabbitmq.host=127.0.0.1",
            "--spring.datasource.url=" + TestEngines.postgresSchema("surge_test", SCHEMA),
            "--spring.datasource.username=postgres",
            "--surge.shards.databases[0].url=" + TestEngines.postgresSchema("surge_shard0", SCHEMA),
            "--surge.shards.databases[0].username=postgres",
            "--surge.shards.databases[1].url=" + TestEngines.mariadbDatabase(SCHEMA),
            "--surge.shards.databases[1].username=root");
    http = new HttpProbe(SurgeRun.port(app));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (zookeeper != null) {
      zookeeper.destroy();
    }
    if (kafka != null) {
      kafka.destroy();
    }
    TestEngines.dropPostgresSchema("surge_test", SCHEMA);
    TestEngines.dropPostgresSchema("surge_shard0", SCHEMA);
    TestEngines.dropMariadbDatabase(SCHEMA);
  }

  @Test
  void healthListsEveryExternalEngineUp() {
    HttpProbe.Reply reply = http.get("/actuator/health", null);

    JsonNode health = reply.json();
    assertThat(health.get("status").asString()).as("%s", reply).isEqualTo("UP");
    for (String engine : new String[] {"db", "kafka", "redis", "zookeeper", "shards", "rabbit"}) {
      assertThat(health.at("/components/" + engine + "/status").asString())
          .as("component %s in %s", engine, reply)
          .isEqualTo("UP");
    }
    assertThat(health.at("/components/db/details/database").asString()).isEqualTo("PostgreSQL");
    assertThat(health.at("/components/shards/details/shard-0").asString()).isEqualTo("PostgreSQL");
    assertThat(health.at("/components/shards/details/shard-1").asString()).isEqualTo("MariaDB");
  }

  @Test
  void devTokensAreOffOutsideEmbeddedMode() {
    http.post("/api/dev/tokens", null, "{\"userId\":1}").problem(404);
  }

  @Test
  void tokensSignedWithTheConfiguredSecretAreAccepted() {
    String token = TestTokens.sign(JWT_SECRET, 5);
    assertThat(http.get("/api/feed", token).status()).isNotIn(401, 403);
    http.get("/api/feed", TestTokens.sign(JWT_SECRET + "-other", 5)).problem(401);
  }
}
