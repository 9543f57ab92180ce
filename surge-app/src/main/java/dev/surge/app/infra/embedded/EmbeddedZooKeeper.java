package dev.surge.app.infra.embedded;

import dev.surge.cache.InProcessZooKeeper;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;

/** A standalone ZooKeeper server running in this JVM, with its data under the data directory. */
public final class EmbeddedZooKeeper implements DisposableBean {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final InProcessZooKeeper server;

  public EmbeddedZooKeeper(int port, Path dataDir) throws Exception {
    server = InProcessZooKeeper.start(dataDir.resolve("zookeeper"), port, START_TIMEOUT);
  }

  public String connectString() throws Exception {
    return server.connectString();
  }

  @Override
  public void destroy() {
    server.close();
  }
}
