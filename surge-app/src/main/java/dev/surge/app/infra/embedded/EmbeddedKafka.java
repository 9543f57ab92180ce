package dev.surge.app.infra.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;

/** A single-node Kafka broker in KRaft mode, running in this JVM. */
public final class EmbeddedKafka implements DisposableBean {

  private final EmbeddedKafkaKraftBroker broker;
  private final Path logDir;

  public EmbeddedKafka(int port, Path dataDir) throws Exception {
    Path logs = Files.createDirectories(dataDir.resolve("kafka"));
    logDir = Files.createTempDirectory(logs, "run-");
    broker = new EmbeddedKafkaKraftBroker(1, 3);
    broker.kafkaPorts(port);
    broker.brokerProperties(
        Map.of(
            "log.dirs", logDir.toString(),
            "auto.create.topics.enable", "true",
            "num.partitions", "6",
            "group.initial.rebalance.delay.ms", "0"));
    broker.afterPropertiesSet();
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  @Override
  public void destroy() {
    broker.destroy();
    try {
      FileSystemUtils.deleteRecursively(logDir);
    } catch (IOException e) {
      // A leftover log directory only costs disk space; the next start uses a new one.
    }
  }
}
