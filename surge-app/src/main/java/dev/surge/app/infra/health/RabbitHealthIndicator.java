package dev.surge.app.infra.health;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** RabbitMQ is up when a channel opens; its server version goes into the details. */
final class RabbitHealthIndicator extends AbstractHealthIndicator {

  private final ConnectionFactory connections;

  RabbitHealthIndicator(ConnectionFactory connections) {
    super("RabbitMQ health check failed");
    this.connections = connections;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    try (var connection = connections.createConnection();
        var channel = connection.createChannel(false)) {
      Object version = channel.getConnection().getServerProperties().get("version");
      builder.up().withDetail("version", String.valueOf(version));
    }
  }
}
