package dev.surge.app.infra;

import dev.surge.app.infra.embedded.EmbeddedZooKeeper;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** The app's Curator client, pointed at the embedded ZooKeeper or at surge.zookeeper.connect. */
@Configuration(proxyBeanMethods = false)
public class ZooKeeperConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  CuratorFramework curatorFramework(
      ZooKeeperProperties properties, ObjectProvider<EmbeddedZooKeeper> embedded) throws Exception {
    EmbeddedZooKeeper engine = embedded.getIfAvailable();
    String connect = engine != null ? engine.connectString() : properties.connect();
    if (!StringUtils.hasText(connect)) {
      throw new IllegalStateException(
          "surge.zookeeper.connect is empty and embedded ZooKeeper is off");
    }
    return CuratorFrameworkFactory.builder()
        .connectString(connect)
        .sessionTimeoutMs((int) properties.sessionTimeout().toMillis())
        .connectionTimeoutMs((int) properties.connectionTimeout().toMillis())
        .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
        .namespace("surge")
        .build();
  }
}
