package dev.surge.app.infra.embedded;

import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single-node Kafka broker in KRaft mode, running in this JVM.
 *
 * <p>Its log lives in a temporary directory of its own that is removed on shutdown: a KRaft node
 * cannot reopen a log formatted for another cluster id, and everything durable in Surge is in SQL
 * (outboxes, transfer states), so nothing that matters is lost on restart.
 */
public final class EmbeddedKafka implements DisposableBean {

  private final EmbeddedKafkaKraftBroker broker;

  public EmbeddedKafka(int port) {
    broker = new EmbeddedKafkaKraftBroker(1, 3);
    broker.kafkaPorts(port);
    broker.brokerProperties(
        Map.of(
            "auto.create.topics.enable", "true",
            "num.partitions", "6",
            "group.initial.rebalance.delay.ms", "0"));
    broker.afterPropertiesSet();
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  @Override
  public void destroy() {
    broker.destroy();
  }
}
