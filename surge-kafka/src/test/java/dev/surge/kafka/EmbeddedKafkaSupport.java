package dev.surge.kafka;

import dev.surge.testkit.InProcessKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** One in-process KRaft broker per test class, with helpers for topics, records and offsets. */
final class EmbeddedKafkaSupport implements AutoCloseable {

  private static final AtomicInteger names = new AtomicInteger();

  private final InProcessKafka kafka = InProcessKafka.start();
  private final Admin admin = kafka.admin();
  private final KafkaProducer<String, String> producer = kafka.producer();

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** A new topic with a unique name. */
  String topic(int partitions) throws Exception {
    String name =
        "t" + names.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopic(name, partitions);
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
    kafka.close();
  }
}
