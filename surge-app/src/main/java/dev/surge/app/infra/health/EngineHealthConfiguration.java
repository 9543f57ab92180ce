package dev.surge.app.infra.health;

import dev.surge.app.infra.ShardDataSources;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.redisson.api.RedissonClient;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * One health component per engine: kafka, redis, zookeeper, shards, and rabbit in external mode (db
 * comes from Boot).
 */
@Configuration(proxyBeanMethods = false)
public class EngineHealthConfiguration {

  @Bean
  HealthIndicator kafkaHealthIndicator(
      KafkaAdmin admin, @Value("${surge.health.timeout:PT2S}") Duration timeout) {
    return new KafkaHealthIndicator(admin, timeout);
  }

  @Bean
  HealthIndicator redisHealthIndicator(
      RedissonClient redisson, @Value("${surge.health.timeout:PT2S}") Duration timeout) {
    return new RedisHealthIndicator(redisson, timeout);
  }

  @Bean
  HealthIndicator zookeeperHealthIndicator(CuratorFramework curator) {
    return new ZooKeeperHealthIndicator(curator);
  }

  /** Only external mode talks to RabbitMQ; embedded mode ticks inside the JVM. */
  @Bean
  @ConditionalOnProperty(name = "surge.embedded.enabled", havingValue = "false")
  HealthIndicator rabbitHealthIndicator(ConnectionFactory connections) {
    return new RabbitHealthIndicator(connections);
  }

  @Bean
  HealthIndicator shardsHealthIndicator(ShardDataSources shards) {
    return new ShardsHealthIndicator(shards);
  }
}
