package dev.surge.app.infra.embedded;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the embedded engines as beans. Clients are built from beans that depend on these, so each
 * engine starts before its clients and, on shutdown, stops after them.
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedEnginesConfiguration {

  @Bean
  @ConditionalOnProperty(name = "surge.embedded.kafka.enabled", havingValue = "true")
  EmbeddedKafka embeddedKafka(EmbeddedProperties properties) throws Exception {
    return new EmbeddedKafka(properties.kafka().port());
  }

  @Bean
  @ConditionalOnProperty(name = "surge.embedded.kafka.enabled", havingValue = "true")
  KafkaConnectionDetails embeddedKafkaConnectionDetails(EmbeddedKafka kafka) {
    return () -> java.util.List.of(kafka.bootstrapServers());
  }

  @Bean
  @ConditionalOnProperty(name = "surge.embedded.redis.enabled", havingValue = "true")
  EmbeddedRedis embeddedRedis(EmbeddedProperties properties) throws Exception {
    return new EmbeddedRedis(properties.redis().port());
  }

  @Bean
  @ConditionalOnProperty(name = "surge.embedded.zookeeper.enabled", havingValue = "true")
  EmbeddedZooKeeper embeddedZooKeeper(EmbeddedProperties properties) throws Exception {
    return new EmbeddedZooKeeper(properties.zookeeper().port(), properties.dataDir());
  }
}
