package dev.surge.app.infra.embedded;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the engines Surge starts in-process when {@code surge.embedded.enabled} is true (the
 * default). Each engine can be switched off on its own, so tests can embed Kafka and ZooKeeper
 * while using the machine's Redis. A port of 0 means any free port.
 */
@ConfigurationProperties("surge.embedded")
public record EmbeddedProperties(
    boolean enabled, Path dataDir, Engine kafka, Engine redis, Engine zookeeper) {

  /** One embedded engine's switch and port. */
  public record Engine(boolean enabled, int port) {
    public Engine {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
    }
  }
}
