package dev.surge.app.infra.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/** Kafka is up when the cluster answers a describe within the timeout. */
final class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

  private final AdminClient admin;
  private final Duration timeout;

  KafkaHealthIndicator(KafkaAdmin kafkaAdmin, Duration timeout) {
    super("Kafka health check failed");
    this.admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
    this.timeout = timeout;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    DescribeClusterResult cluster =
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
    String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    int nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
    builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
  }

  @Override
  public void destroy() {
    admin.close(Duration.ofSeconds(2));
  }
}
