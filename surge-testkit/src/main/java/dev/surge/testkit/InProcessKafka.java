package dev.surge.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single-node Kafka broker (KRaft) running in this JVM, with an admin client and a String
 * producer on it, for tests and benchmarks that need a real broker of their own.
 *
 * <p>The broker auto-creates topics (one partition), starts group rebalances at once and keeps
 * consumer offsets in one partition, so consumer groups settle quickly. The producer is not
 * idempotent: on the embedded broker's fresh topics the idempotent producer meets spurious
 * OutOfOrderSequence errors; one request in flight keeps each partition's order without it.
 *
 * <p>Needs {@code org.springframework.kafka:spring-kafka-test} on the classpath (an optional
 * dependency of this module).
 */
public final class InProcessKafka implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final EmbeddedKafkaKraftBroker broker;
  private final Admin admin;
  private final KafkaProducer<String, String> producer;

  private InProcessKafka() {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(
        Map.of(
            "auto.create.topics.enable", "true",
            "group.initial.rebalance.delay.ms", "0",
            "offsets.topic.num.partitions", "1"));
    broker.afterPropertiesSet();
    admin =
        Admin.create(
            Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1),
            new StringSerializer(),
            new StringSerializer());
  }

  /** Starts the broker and opens the admin client and the producer on it. */
  public static InProcessKafka start() {
    return new InProcessKafka();
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  public Admin admin() {
    return admin;
  }

  public KafkaProducer<String, String> producer() {
    return producer;
  }

  /** Creates a topic with {@code partitions} partitions and waits until the broker has it. */
  public void createTopic(String name, int partitions) throws Exception {
    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
  }

  /** Closes the producer and the admin client (waiting at most 5 s each), then the broker. */
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
    admin.close(CLOSE_TIMEOUT);
    broker.destroy();
  }
}
