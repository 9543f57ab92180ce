package dev.surge.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One in-process KRaft broker per test class, with helpers for topics, records and offsets. */
final class EmbeddedKafkaSupport implements AutoCloseable {

  private static final AtomicInteger names = new AtomicInteger();

  private final EmbeddedKafkaKraftBroker broker;
  private final Admin admin;
  private final KafkaProducer<String, String> producer;

  EmbeddedKafkaSupport() {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(
        Map.of(
            "auto.create.topics.enable", "true",
            "group.initial.rebalance.delay.ms", "0",
            "offsets.topic.num.partitions", "1"));
    broker.afterPropertiesSet();
    Properties adminProperties = new Properties();
    adminProperties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    admin = Admin.create(adminProperties);
    Map<String, Object> producerProperties = new HashMap<>();
    producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // The idempotent producer meets spurious OutOfOrderSequence errors on fresh topics of the
    // embedded broker; one request in flight keeps each partition's order without it.
    producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    producerProperties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
    producer =
        new KafkaProducer<>(producerProperties, new StringSerializer(), new StringSerializer());
  }

  String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  /** A new topic with a unique name. */
  String topic(int partitions) throws Exception {
    String name =
        "t" + names.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    return name;
  }

  String group() {
    return "g-" + UUID.randomUUID();
  }

  /** Sends the records and waits until all are acknowledged. */
  void send(List<ProducerRecord<String, String>> records) throws Exception {
    List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
    for (ProducerRecord<String, String> record : records) {
      sent.add(producer.send(record));
    }
    producer.flush();
    for (java.util.concurrent.Future<?> future : sent) {
      future.get();
    }
  }

  /** Committed offsets of the group on the topic, by partition (absent if none). */
  Map<Integer, Long> committed(String group, String topic)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<Integer, Long> result = new HashMap<>();
    offsets.forEach(
        (partition, offset) -> {
          if (partition.topic().equals(topic) && offset != null) {
            result.put(partition.partition(), offset.offset());
          }
        });
    return result;
  }

  /** Members of the group that hold at least one partition. */
  long membersWithPartitions(String group) throws Exception {
    return admin
        .describeConsumerGroups(List.of(group))
        .describedGroups()
        .get(group)
        .get()
        .members()
        .stream()
        .filter(member -> !member.assignment().topicPartitions().isEmpty())
        .count();
  }

  /** End offsets of the topic, by partition. */
  Map<Integer, Long> endOffsets(String topic, int partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> result = new HashMap<>();
    admin
        .listOffsets(request)
        .all()
        .get()
        .forEach((partition, info) -> result.put(partition.partition(), info.offset()));
    return result;
  }

  /** Reads every record of a topic from the start until {@code count} were read. */
  List<ConsumerRecord<String, byte[]>> readAll(String topic, int count, Duration timeout) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, group());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (read.size() < count && System.nanoTime() < deadline) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        records.forEach(read::add);
      }
    }
    return read;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
    broker.destroy();
  }
}
