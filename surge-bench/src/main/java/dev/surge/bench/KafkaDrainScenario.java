package dev.surge.bench;

import dev.surge.kafka.KeyOrderedProcessor;
import dev.surge.kafka.Ordering;
import dev.surge.testkit.InProcessKafka;
import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Drains pre-produced records whose handler sleeps like a bank call: one record at a time (the
 * talk's starting point), Confluent Parallel Consumer with key ordering, and Surge's
 * KeyOrderedProcessor at the same concurrency.
 *
 * <p>The rate is records divided by the time from the first handler call to the last completion, so
 * group joins do not count. The one-at-a-time variant drains a smaller sample ({@link
 * #SEQUENTIAL_RECORDS}) because all of it would take 200 s per round.
 */
public final class KafkaDrainScenario implements Scenario {

  static final int RECORDS = 10_000;
  static final int KEYS = 500;
  static final int SEQUENTIAL_RECORDS = 500;
  static final int CONCURRENCY = 100;
  static final int PARTITIONS = 12;
  static final Duration HANDLER_LATENCY = Duration.ofMillis(20);
  static final Duration ROUND_TIMEOUT = Duration.ofMinutes(3);

  private InProcessKafka kafka;
  private final Map<String, List<Double>> rates = new HashMap<>();

  @Override
  public String name() {
    return "kafka-drain";
  }

  @Override
  public String description() {
    return RECORDS
        + " records, "
        + KEYS
        + " keys, handler sleeps "
        + HANDLER_LATENCY.toMillis()
        + " ms, concurrency "
        + CONCURRENCY
        + "; records/s drained in key order (one-at-a-time drains "
        + SEQUENTIAL_RECORDS
        + ")";
  }

  @Override
  public String metric() {
    return "records_per_s";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of("one-at-a-time", () -> record("one-at-a-time", oneAtATime())),
        Variant.of("parallel-consumer", () -> record("parallel-consumer", parallelConsumer())),
        Variant.of(Variant.SURGE, () -> record(Variant.SURGE, surge())));
  }

  @Override
  public void setUp() throws Exception {
    quiet(
        "kafka",
        "state.change.logger",
        "org.apache.kafka",
        "io.confluent",
        "pl.tlinkowski",
        "org.springframework.kafka",
        "dev.surge.kafka");
    kafka = InProcessKafka.start();
  }

  @Override
  public void tearDown() {
    printRatios();
    if (kafka != null) {
      kafka.close();
    }
  }

  /** Keeps the broker's and clients' info logs out of the results (slf4j-simple reads these). */
  private static void quiet(String... loggers) {
    for (String logger : loggers) {
      System.setProperty("org.slf4j.simpleLogger.log." + logger, "warn");
    }
  }

  private double record(String variant, double rate) {
    rates.computeIfAbsent(variant, v -> new ArrayList<>()).add(rate);
    return rate;
  }

  private void printRatios() {
    if (!rates.containsKey(Variant.SURGE) || !rates.containsKey("parallel-consumer")) {
      return;
    }
    double surge = median(rates.get(Variant.SURGE));
    double parallel = median(rates.get("parallel-consumer"));
    double bound = CONCURRENCY / (HANDLER_LATENCY.toNanos() / 1e9);
    System.out.printf(
        Locale.ROOT,
        "kafka-drain: surge / parallel-consumer = %.3f; surge / concurrency bound (%d / %d ms ="
            + " %.0f records/s) = %.3f (medians over all rounds, warm-up included)%n",
        surge / parallel,
        CONCURRENCY,
        HANDLER_LATENCY.toMillis(),
        bound,
        surge / bound);
  }

  private static double median(List<Double> values) {
    return Measure.median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** A fresh topic holding {@code count} records spread over {@link #KEYS} keys. */
  private String produce(int count) throws Exception {
    String topic = "drain-" + UUID.randomUUID();
    kafka.createTopic(topic, PARTITIONS);
    KafkaProducer<String, String> producer = kafka.producer();
    List<Future<?>> sent = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sent.add(producer.send(new ProducerRecord<>(topic, "user-" + i % KEYS, "transfer-" + i)));
    }
    producer.flush();
    for (Future<?> future : sent) {
      future.get();
    }
    return topic;
  }

  private Map<String, Object> consumerProperties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "drain-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return properties;
  }

  /** Counts handled records and times the drain from the first call to the last completion. */
  private static final class Drain {
    private final CountDownLatch remaining;
    private final int count;
    private final AtomicLong firstStart = new AtomicLong();
    private volatile long lastEnd;

    Drain(int count) {
      this.count = count;
      this.remaining = new CountDownLatch(count);
    }

    void handle() throws InterruptedException {
      firstStart.compareAndSet(0, System.nanoTime());
      Thread.sleep(HANDLER_LATENCY.toMillis());
      lastEnd = System.nanoTime();
      remaining.countDown();
    }

    double await() throws InterruptedException {
      if (!remaining.await(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(remaining.getCount() + " records not drained in time");
      }
      return count / ((lastEnd - firstStart.get()) / 1e9);
    }
  }

  private double oneAtATime() throws Exception {
    String topic = produce(SEQUENTIAL_RECORDS);
    Map<String, Object> properties = consumerProperties();
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    Drain drain = new Drain(SEQUENTIAL_RECORDS);
    int handled = 0;
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
      while (handled < SEQUENTIAL_RECORDS && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
          drain.handle();
          consumer.commitSync();
          handled++;
        }
      }
    }
    return drain.await();
  }

  private double parallelConsumer() throws Exception {
    String topic = produce(RECORDS);
    Drain drain = new Drain(RECORDS);
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            consumerProperties(), new StringDeserializer(), new StringDeserializer());
    ParallelConsumerOptions<String, String> options =
        ParallelConsumerOptions.<String, String>builder()
            .consumer(consumer)
            .ordering(ParallelConsumerOptions.ProcessingOrder.KEY)
            .maxConcurrency(CONCURRENCY)
            .commitMode(ParallelConsumerOptions.CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
            .build();
    ParallelStreamProcessor<String, String> processor =
        ParallelStreamProcessor.createEosStreamProcessor(options);
    try {
      processor.subscribe(List.of(topic));
      processor.poll(
          context -> {
            try {
              drain.handle();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          });
      return drain.await();
    } finally {
      processor.close();
    }
  }

  private double surge() throws Exception {
    String topic = produce(RECORDS);
    Drain drain = new Drain(RECORDS);
    Map<String, Object> properties = consumerProperties();
    try (KeyOrderedProcessor<String, String> processor =
        KeyOrderedProcessor.builder(new StringDeserializer(), new StringDeserializer())
            .name("kafka-drain")
            .consumerProperties(properties)
            .topics(topic)
            .ordering(Ordering.KEY)
            .concurrency(CONCURRENCY)
            .handler(record -> drain.handle())
            .build()) {
      processor.start();
      return drain.await();
    }
  }
}
