package dev.surge.app.infra.health;

import org.apache.curator.framework.CuratorFramework;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** ZooKeeper is up when Curator holds a connected session and the root can be read. */
final class ZooKeeperHealthIndicator extends AbstractHealthIndicator {

  private final CuratorFramework curator;

  ZooKeeperHealthIndicator(CuratorFramework curator) {
    super("ZooKeeper health check failed");
    this.curator = curator;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    if (!curator.getZookeeperClient().isConnected()) {
      builder.down().withDetail("connected", false);
      return;
    }
    curator.checkExists().forPath("/");
    builder
        .up()
        .withDetail("connectString", curator.getZookeeperClient().getCurrentConnectionString());
  }
}
