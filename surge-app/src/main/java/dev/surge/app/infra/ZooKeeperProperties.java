package dev.surge.app.infra;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** External ZooKeeper ensemble, used when the embedded ZooKeeper server is off. */
@ConfigurationProperties("surge.zookeeper")
public record ZooKeeperProperties(
    String connect, Duration sessionTimeout, Duration connectionTimeout) {}
