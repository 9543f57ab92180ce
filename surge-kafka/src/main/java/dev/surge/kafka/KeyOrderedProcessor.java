package dev.surge.kafka;

import dev.surge.kafka.internal.EngineSettings;
import dev.surge.kafka.internal.ProcessorEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Consumes Kafka topics and runs a handler on the records with per-key order and keys in parallel.
 *
 * <p>One thread polls batches and appends each record to the queue of its {@link ShardKey}; a
 * shared pool of {@code concurrency} workers drains the queues, one record (or one key batch) at a
 * time per key, so a slow key delays only its own records. Offsets are committed per partition up
 * to the lowest record not yet done, so nothing is committed past a record still in flight. When
 * one more poll batch would take the records polled but not done past {@code maxInFlight}, the
 * partitions are paused (the consumer keeps polling to stay in the group) and resumed as the queues
 * drain.
 *
 * <p>A failed record (or key batch) is retried under the {@link RetryPolicy}; when the attempts are
 * exhausted the record is written to its dead-letter topic, and only then marked done. A handler
 * that throws a {@link NonRetryableException} skips the remaining attempts: a lone record goes to
 * the dead-letter topic at once, a key batch is split into lone records at once; a record that
 * cannot be deserialized is treated the same way. There is always a dead-letter topic; while it
 * cannot be written, the record stays uncommitted and its key waits, whatever the failure.
 *
 * <p>Delivery is at least once: a crash, or a rebalance whose in-flight records outlive the revoke
 * timeout, hands uncommitted records to another consumer again. Handlers must be idempotent.
 *
 * <pre>{@code
 * KeyOrderedProcessor<String, String> processor =
 *     KeyOrderedProcessor.builder(new StringDeserializer(), new StringDeserializer())
 *         .name("transfers")
 *         .bootstrapServers("localhost:9092")
 *         .groupId("transfer-executor")
 *         .topics("transfers")
 *         .concurrency(64)
 *         .handler(record -> executor.execute(record.value()))
 *         .build();
 * processor.start();
 * }</pre>
 */
public final class KeyOrderedProcessor<K, V> implements AutoCloseable {

  public static final String DEFAULT_NAME = "surge-kafka";
  public static final Ordering DEFAULT_ORDERING = Ordering.KEY;
  public static final int DEFAULT_CONCURRENCY = 16;
  public static final int MAX_CONCURRENCY = 4096;
  public static final int DEFAULT_MAX_IN_FLIGHT = 5000;
  public static final int DEFAULT_POLL_BATCH_SIZE = 500;
  public static final int DEFAULT_MAX_KEY_BATCH = 100;
  public static final String DEFAULT_DEAD_LETTER_SUFFIX = ".DLT";
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(100);
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REVOKE_TIMEOUT = Duration.ofSeconds(30);

  /** Counter of records whose handler completed. */
  public static final String METRIC_PROCESSED = "surge.kafka.records.processed";

  /** Counter of failed handler attempts, counted per record. */
  public static final String METRIC_FAILED = "surge.kafka.records.failed";

  /** Counter of records written to the dead-letter topic. */
  public static final String METRIC_DEAD_LETTERED = "surge.kafka.records.dead.lettered";

  /**
   * Counter of the dead-lettered records whose failure was not retryable (a {@link
   * NonRetryableException}, or a record that could not be deserialized); part of {@link
   * #METRIC_DEAD_LETTERED}.
   */
  public static final String METRIC_NON_RETRYABLE = "surge.kafka.records.non.retryable";

  /** Gauge of records polled and not yet done. */
  public static final String METRIC_IN_FLIGHT = "surge.kafka.records.in.flight";

  /** Gauge that is 1 while partitions are paused for back-pressure. */
  public static final String METRIC_PAUSED = "surge.kafka.paused";

  /** Timer of handler calls (one call handles one record or one key batch). */
  public static final String METRIC_PROCESSING = "surge.kafka.processing";

  /** Tag carrying {@link #name()} on every meter. */
  public static final String TAG_PROCESSOR = "processor";

  private final ProcessorEngine<K, V> engine;

  private KeyOrderedProcessor(EngineSettings<K, V> settings) {
    this.engine = new ProcessorEngine<>(settings);
  }

  /** A builder for records whose keys and values {@code keys} and {@code values} decode. */
  public static <K, V> Builder<K, V> builder(Deserializer<K> keys, Deserializer<V> values) {
    return new Builder<>(keys, values);
  }

  public String name() {
    return engine.settings().name();
  }

  /** Joins the consumer group and starts processing; may be called once. */
  public void start() {
    engine.start();
  }

  /** Records polled and not yet done (queued, running, or waiting for a retry). */
  public int inFlight() {
    return engine.inFlight();
  }

  /** Whether the poll thread is running. */
  public boolean isRunning() {
    return engine.isRunning();
  }

  /**
   * Stops polling, lets the records already polled finish within the shutdown timeout, commits what
   * is done and leaves the group; records not finished by then are not committed and will be
   * delivered again. Must not be called from a handler, which would wait for itself.
   */
  @Override
  public void close() {
    engine.close(engine.settings().shutdownTimeout());
  }

  /** Like {@link #close()} with {@code timeout} instead of the configured shutdown timeout. */
  public void close(Duration timeout) {
    engine.close(requirePositive(timeout, "timeout"));
  }

  /** Settings of a {@link KeyOrderedProcessor}; every setter rejects a bad value at once. */
  public static final class Builder<K, V> {

    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final Map<String, Object> consumerProperties = new HashMap<>();
    private final Map<String, Object> producerProperties = new HashMap<>();
    private final Set<String> topics = new LinkedHashSet<>();
    private String name = DEFAULT_NAME;
    private String bootstrapServers;
    private String groupId;
    private RecordHandler<K, V> handler;
    private KeyBatchHandler<K, V> batchHandler;
    private Ordering ordering = DEFAULT_ORDERING;
    private int concurrency = DEFAULT_CONCURRENCY;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private int pollBatchSize = DEFAULT_POLL_BATCH_SIZE;
    private int maxKeyBatch = DEFAULT_MAX_KEY_BATCH;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Function<String, String> deadLetterTopic = topic -> topic + DEFAULT_DEAD_LETTER_SUFFIX;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry;
    private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
    private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private Duration revokeTimeout = DEFAULT_REVOKE_TIMEOUT;

    private Builder(Deserializer<K> keys, Deserializer<V> values) {
      this.keyDeserializer = Objects.requireNonNull(keys, "key deserializer");
      this.valueDeserializer = Objects.requireNonNull(values, "value deserializer");
    }

    /** Names the processor in thread names, logs, metric tags and dead-letter headers. */
    public Builder<K, V> name(String name) {
      this.name = requireText(name, "name");
      return this;
    }

    public Builder<K, V> bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = requireText(bootstrapServers, "bootstrapServers");
      return this;
    }

    public Builder<K, V> groupId(String groupId) {
      this.groupId = requireText(groupId, "groupId");
      return this;
    }

    /** Adds topics to subscribe to. */
    public Builder<K, V> topics(String... topics) {
      return topics(List.of(Objects.requireNonNull(topics, "topics")));
    }

    public Builder<K, V> topics(Collection<String> topics) {
      Objects.requireNonNull(topics, "topics");
      for (String topic : topics) {
        this.topics.add(requireText(topic, "topic"));
      }
      return this;
    }

    /**
     * Sets a Kafka consumer property. The processor owns {@code enable.auto.commit} (off), the
     * deserializers and {@code max.poll.records} ({@link #pollBatchSize}); setting those is
     * rejected. {@code auto.offset.reset} defaults to {@code earliest} and {@code
     * partition.assignment.strategy} to the cooperative sticky assignor.
     */
    public Builder<K, V> consumerProperty(String key, Object value) {
      requireText(key, "consumer property name");
      Objects.requireNonNull(value, () -> "value of consumer property " + key);
      switch (key) {
        case ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG ->
            throw new IllegalArgumentException(
                key + " is set by the processor: pass deserializers to builder(keys, values)");
        case ConsumerConfig.MAX_POLL_RECORDS_CONFIG ->
            throw new IllegalArgumentException(
                key + " is set by the processor: use pollBatchSize(int)");
        case ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG -> {
          if (Boolean.parseBoolean(value.toString())) {
            throw new IllegalArgumentException(
                "enable.auto.commit=true would commit records before they are processed;"
                    + " the processor commits completed offsets itself");
          }
        }
        default -> {}
      }
      consumerProperties.put(key, value);
      return this;
    }

    public Builder<K, V> consumerProperties(Map<String, ?> properties) {
      Objects.requireNonNull(properties, "properties").forEach(this::consumerProperty);
      return this;
    }

    /** Sets a property of the dead-letter producer (which otherwise uses acks=all, idempotence). */
    public Builder<K, V> producerProperty(String key, Object value) {
      requireText(key, "producer property name");
      Objects.requireNonNull(value, () -> "value of producer property " + key);
      if (key.equals(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG)
          || key.equals(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)) {
        throw new IllegalArgumentException(
            key + " is set by the processor: dead letters carry the original bytes");
      }
      producerProperties.put(key, value);
      return this;
    }

    /** Handles records one at a time per key. Exclusive with {@link #batchHandler}. */
    public Builder<K, V> handler(RecordHandler<K, V> handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Handles the waiting records of a key together. Exclusive with {@link #handler}. */
    public Builder<K, V> batchHandler(KeyBatchHandler<K, V> batchHandler) {
      this.batchHandler = Objects.requireNonNull(batchHandler, "batchHandler");
      return this;
    }

    public Builder<K, V> ordering(Ordering ordering) {
      this.ordering = Objects.requireNonNull(ordering, "ordering");
      return this;
    }

    /** Worker threads, that is the most handler calls running at once. */
    public Builder<K, V> concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        throw new IllegalArgumentException(
            "concurrency must be in [1, " + MAX_CONCURRENCY + "], was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * The most records polled and not yet done; a hard bound, since the consumer pauses whenever
     * one more poll batch would not fit.
     */
    public Builder<K, V> maxInFlight(int maxInFlight) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
      }
      this.maxInFlight = maxInFlight;
      return this;
    }

    /** The most records one poll returns ({@code max.poll.records}). */
    public Builder<K, V> pollBatchSize(int pollBatchSize) {
      if (pollBatchSize < 1) {
        throw new IllegalArgumentException("pollBatchSize must be >= 1, was " + pollBatchSize);
      }
      this.pollBatchSize = pollBatchSize;
      return this;
    }

    /** The most records one {@link KeyBatchHandler} call receives. */
    public Builder<K, V> maxKeyBatch(int maxKeyBatch) {
      if (maxKeyBatch < 1) {
        throw new IllegalArgumentException("maxKeyBatch must be >= 1, was " + maxKeyBatch);
      }
      this.maxKeyBatch = maxKeyBatch;
      return this;
    }

    public Builder<K, V> retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** Maps a source topic to its dead-letter topic; the default appends {@code .DLT}. */
    public Builder<K, V> deadLetterTopic(Function<String, String> deadLetterTopic) {
      this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
      return this;
    }

    /** The clock that stamps dead letters. */
    public Builder<K, V> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Registers the processor's meters here; without one, no meters are kept. */
    public Builder<K, V> meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /** How long one poll waits for records. */
    public Builder<K, V> pollTimeout(Duration pollTimeout) {
      this.pollTimeout = requirePositive(pollTimeout, "pollTimeout");
      return this;
    }

    /** How often completed offsets are committed while running. */
    public Builder<K, V> commitInterval(Duration commitInterval) {
      this.commitInterval = requirePositive(commitInterval, "commitInterval");
      return this;
    }

    /** How long {@link #close()} lets polled records finish before giving them up. */
    public Builder<K, V> shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = requirePositive(shutdownTimeout, "shutdownTimeout");
      return this;
    }

    /**
     * How long a rebalance waits for running records of revoked partitions before letting them go;
     * must be shorter than {@code max.poll.interval.ms}.
     */
    public Builder<K, V> revokeTimeout(Duration revokeTimeout) {
      this.revokeTimeout = requirePositive(revokeTimeout, "revokeTimeout");
      return this;
    }

    /** Checks the settings together and creates the processor (not yet started). */
    public KeyOrderedProcessor<K, V> build() {
      if (handler == null && batchHandler == null) {
        throw new IllegalStateException("a handler or a batchHandler is required");
      }
      if (handler != null && batchHandler != null) {
        throw new IllegalStateException("set either a handler or a batchHandler, not both");
      }
      if (topics.isEmpty()) {
        throw new IllegalStateException("at least one topic is required");
      }
      if (pollBatchSize > maxInFlight) {
        throw new IllegalStateException(
            "pollBatchSize ("
                + pollBatchSize
                + ") must not exceed maxInFlight ("
                + maxInFlight
                + "): a whole poll batch must fit in flight");
      }
      Map<String, Object> consumer = new HashMap<>(consumerProperties);
      String servers =
          reconcile(
              consumer,
              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
              bootstrapServers,
              "bootstrapServers");
      reconcile(consumer, ConsumerConfig.GROUP_ID_CONFIG, groupId, "groupId");
      long maxPollInterval =
          Long.parseLong(
              consumer
                  .getOrDefault(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000)
                  .toString());
      if (revokeTimeout.toMillis() >= maxPollInterval) {
        throw new IllegalStateException(
            "revokeTimeout ("
                + revokeTimeout
                + ") must be shorter than max.poll.interval.ms ("
                + maxPollInterval
                + " ms), or the consumer is evicted while it waits");
      }
      for (String topic : topics) {
        String dlt = deadLetterTopic.apply(topic);
        if (dlt == null || dlt.isBlank() || dlt.equals(topic) || topics.contains(dlt)) {
          throw new IllegalStateException(
              "dead-letter topic for "
                  + topic
                  + " must be another, unsubscribed topic, was "
                  + dlt);
        }
      }
      consumer.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      // Cooperative rebalancing revokes only the partitions that move, so the others keep their
      // queued records instead of dropping and re-reading them.
      consumer.putIfAbsent(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
      consumer.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, name);
      Map<String, Object> producer = new HashMap<>(producerProperties);
      producer.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
      producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, name + "-dlt");
      EngineSettings<K, V> settings =
          new EngineSettings<>(
              name,
              Map.copyOf(consumer),
              Map.copyOf(producer),
              List.copyOf(new ArrayList<>(topics)),
              keyDeserializer,
              valueDeserializer,
              handler,
              batchHandler,
              ordering,
              concurrency,
              maxInFlight,
              pollBatchSize,
              handler != null ? 1 : maxKeyBatch,
              retryPolicy,
              deadLetterTopic,
              clock,
              meterRegistry,
              pollTimeout,
              commitInterval,
              shutdownTimeout,
              revokeTimeout);
      return new KeyOrderedProcessor<>(settings);
    }

    private static String reconcile(
        Map<String, Object> consumer, String property, String fromSetter, String setter) {
      Object fromProperties = consumer.get(property);
      if (fromSetter == null && fromProperties == null) {
        throw new IllegalStateException(
            setter + " is required (or consumer property " + property + ")");
      }
      if (fromSetter != null
          && fromProperties != null
          && !fromSetter.equals(fromProperties.toString())) {
        throw new IllegalStateException(
            setter
                + " ("
                + fromSetter
                + ") disagrees with consumer property "
                + property
                + " ("
                + fromProperties
                + ")");
      }
      String value = fromSetter != null ? fromSetter : fromProperties.toString();
      consumer.put(property, value);
      return value;
    }
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  private static Duration requirePositive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
    return value;
  }
}
