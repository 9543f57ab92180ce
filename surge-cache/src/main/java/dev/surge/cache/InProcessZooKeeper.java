package dev.surge.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * A standalone ZooKeeper server running in this JVM, for the coherence layer in embedded mode,
 * tests and benchmarks.
 *
 * <p>It listens on 127.0.0.1 only, ticks every 500 ms so lost sessions expire within seconds, runs
 * no admin HTTP server and answers only the {@code ruok} and {@code srvr} four-letter words. A
 * ZooKeeper failure is logged instead of exiting the JVM. ZooKeeper's embedded server needs {@code
 * io.dropwizard.metrics:metrics-core} on the classpath.
 */
public final class InProcessZooKeeper implements AutoCloseable {

  private final ZooKeeperServerEmbedded server;
  private final String connectString;

  private InProcessZooKeeper(ZooKeeperServerEmbedded server) throws Exception {
    this.server = server;
    this.connectString = server.getConnectionString();
  }

  /**
   * Starts a server on {@code port} (0: any free port) keeping its data under {@code dataDir},
   * created if missing, and waits at most {@code startTimeout} for it to serve.
   */
  public static InProcessZooKeeper start(Path dataDir, int port, Duration startTimeout)
      throws Exception {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Properties config = new Properties();
    config.setProperty("clientPort", Integer.toString(port));
    config.setProperty("clientPortAddress", "127.0.0.1");
    config.setProperty("tickTime", "500");
    config.setProperty("admin.enableServer", "false");
    config.setProperty("4lw.commands.whitelist", "ruok,srvr");
    ZooKeeperServerEmbedded server =
        ZooKeeperServerEmbedded.builder()
            .baseDir(Files.createDirectories(dataDir))
            .configuration(config)
            .exitHandler(ExitHandler.LOG_ONLY)
            .build();
    server.start(startTimeout.toMillis());
    return new InProcessZooKeeper(server);
  }

  /** {@code 127.0.0.1:port} with the port the server is bound to. */
  public String connectString() {
    return connectString;
  }

  /** Stops the server; its data stays under the data directory. */
  @Override
  public void close() {
    server.close();
  }
}
