package dev.surge.app.ops;

import dev.surge.app.infra.ShardProperties;
import dev.surge.app.infra.embedded.EmbeddedKafka;
import dev.surge.app.infra.embedded.EmbeddedProperties;
import dev.surge.app.infra.embedded.EmbeddedRedis;
import dev.surge.app.infra.embedded.EmbeddedZooKeeper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs, once the app is ready, where it listens and which engines it uses, as key=value pairs; in
 * embedded mode it also writes {@code second-instance.properties} into the data directory, the
 * settings a second instance needs to share this one's engines.
 */
@Component
class StartupReport {

  static final String SECOND_INSTANCE_FILE = "second-instance.properties";

  private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

  private final EmbeddedProperties embedded;
  private final KafkaConnectionDetails kafka;
  private final RedissonClient redisson;
  private final CuratorFramework curator;
  private final ShardProperties shards;
  private final ObjectProvider<EmbeddedKafka> embeddedKafka;
  private final ObjectProvider<EmbeddedRedis> embeddedRedis;
  private final ObjectProvider<EmbeddedZooKeeper> embeddedZooKeeper;
  private final String datasourceUrl;
  private final String datasourceUsername;
  private final String datasourcePassword;

  StartupReport(
      EmbeddedProperties embedded,
      KafkaConnectionDetails kafka,
      RedissonClient redisson,
      CuratorFramework curator,
      ShardProperties shards,
      ObjectProvider<EmbeddedKafka> embeddedKafka,
      ObjectProvider<EmbeddedRedis> embeddedRedis,
      ObjectProvider<EmbeddedZooKeeper> embeddedZooKeeper,
      DataSource dataSource,
      org.springframework.boot.jdbc.autoconfigure.DataSourceProperties dataSourceProperties) {
    this.embedded = embedded;
    this.kafka = kafka;
    this.redisson = redisson;
    this.curator = curator;
    this.shards = shards;
    this.embeddedKafka = embeddedKafka;
    this.embeddedRedis = embeddedRedis;
    this.embeddedZooKeeper = embeddedZooKeeper;
    this.datasourceUrl = dataSourceProperties.determineUrl();
    this.datasourceUsername = dataSourceProperties.determineUsername();
    this.datasourcePassword = dataSourceProperties.determinePassword();
  }

  @EventListener
  void ready(ApplicationReadyEvent event) throws IOException {
    int port =
        event.getApplicationContext() instanceof WebServerApplicationContext web
            ? web.getWebServer().getPort()
            : -1;
    Map<String, String> engines = new LinkedHashMap<>();
    engines.put("url", "http://localhost:" + port);
    engines.put("mode", embedded.enabled() ? "embedded" : "external");
    engines.put("kafka", String.join(",", kafka.getBootstrapServers()));
    engines.put("redis", String.join(",", redisAddresses()));
    engines.put("zookeeper", curator.getZookeeperClient().getCurrentConnectionString());
    engines.put("db", datasourceUrl);
    engines.put("shards", Integer.toString(shards.databases().size()));
    log.info(
        "Surge ready {}",
        engines.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" ")));
    if (embedded.enabled()) {
      Path file = writeSecondInstanceProperties();
      log.info("Settings for a second instance sharing these engines: {}", file.toAbsolutePath());
    }
  }

  private java.util.List<String> redisAddresses() {
    EmbeddedRedis engine = embeddedRedis.getIfAvailable();
    if (engine != null) {
      return java.util.List.of(engine.address());
    }
    var config = redisson.getConfig();
    if (config.isClusterConfig()) {
      return config.useClusterServers().getNodeAddresses();
    }
    if (config.isSentinelConfig()) {
      return config.useSentinelServers().getSentinelAddresses();
    }
    return java.util.List.of(config.useSingleServer().getAddress());
  }

  private Path writeSecondInstanceProperties() throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("surge.embedded.enabled", "false");
    settings.put("surge.embedded.data-dir", embedded.dataDir().toAbsolutePath().toString());
    settings.put("surge.auth.dev-tokens", "true");
    // The first instance ticks in its JVM, not on RabbitMQ, so the second must not expect a loop
    // there.
    settings.put("surge.gift.tick-source", "in-jvm");
    embeddedKafka.ifAvailable(
        k -> settings.put("spring.kafka.bootstrap-servers", k.bootstrapServers()));
    embeddedRedis.ifAvailable(r -> settings.put("surge.redis.addresses", r.address()));
    embeddedZooKeeper.ifAvailable(z -> settings.put("surge.zookeeper.connect", connectString(z)));
    String secret =
        Files.readString(embedded.dataDir().resolve("jwt-secret"), StandardCharsets.UTF_8).strip();
    settings.put("surge.auth.jwt-secret", secret);
    settings.put("spring.datasource.url", datasourceUrl);
    settings.put("spring.datasource.username", nullToEmpty(datasourceUsername));
    settings.put("spring.datasource.password", nullToEmpty(datasourcePassword));
    // Boot binds a list from one property source only, so each shard is written whole.
    for (int i = 0; i < shards.databases().size(); i++) {
      var shard = shards.databases().get(i);
      String prefix = "surge.shards.databases[" + i + "].";
      settings.put(prefix + "url", shard.url());
      settings.put(prefix + "username", nullToEmpty(shard.username()));
      settings.put(prefix + "password", nullToEmpty(shard.password()));
    }
    StringBuilder text =
        new StringBuilder("# Written by Surge at startup: settings for a second instance.\n");
    settings.forEach((k, v) -> text.append(k).append('=').append(escape(v)).append('\n'));
    Path file = embedded.dataDir().resolve(SECOND_INSTANCE_FILE);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static String connectString(EmbeddedZooKeeper zooKeeper) {
    try {
      return zooKeeper.connectString();
    } catch (Exception e) {
      throw new IllegalStateException("embedded ZooKeeper has no connect string", e);
    }
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
  }
}
