package dev.surge.pung;

import dev.surge.kafka.KeyOrderedProcessor;
import dev.surge.kafka.NonRetryableException;
import dev.surge.kafka.Ordering;
import dev.surge.kafka.RetryPolicy;
import dev.surge.pung.internal.FanoutMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the fan-out topic with surge-kafka's key-ordered processor and hands each key batch (the
 * chunks of one pung) to the {@link FanoutHandler}.
 *
 * <p>A failed batch is retried with backoff for a long time rather than dead-lettered: a fan-out
 * fails only when a shard or Redis is down, and giving up would leave feeds wrong until expiry. A
 * record that cannot be decoded can never succeed, so it fails with a {@link
 * NonRetryableException}: its batch is split at once and it alone goes to the dead-letter topic,
 * without holding its key through the retries.
 */
public final class FanoutConsumer implements AutoCloseable {

  public static final String DEFAULT_GROUP = "surge-pung-fanout";
  public static final int DEFAULT_CONCURRENCY = 8;
  public static final int DEFAULT_MAX_KEY_BATCH = 20;
  public static final RetryPolicy RETRY =
      RetryPolicy.exponential(10_000, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5));

  private static final Logger log = LoggerFactory.getLogger(FanoutConsumer.class);

  private final KeyOrderedProcessor<String, byte[]> processor;

  private FanoutConsumer(KeyOrderedProcessor<String, byte[]> processor) {
    this.processor = processor;
  }

  /**
   * A consumer of {@code system}'s topic in {@code groupId}; {@code consumerProperties} are extra
   * Kafka consumer settings; {@code meterRegistry} may be null.
   */
  public static FanoutConsumer create(
      PungSystem system,
      String bootstrapServers,
      String groupId,
      int concurrency,
      Map<String, Object> consumerProperties,
      MeterRegistry meterRegistry) {
    Objects.requireNonNull(system, "system");
    FanoutHandler handler = system.fanout();
    KeyOrderedProcessor.Builder<String, byte[]> builder =
        KeyOrderedProcessor.builder(new StringDeserializer(), new ByteArrayDeserializer())
            .name("pung-fanout")
            .bootstrapServers(bootstrapServers)
            .groupId(groupId)
            .topics(system.topic())
            .ordering(Ordering.KEY)
            .concurrency(concurrency)
            .maxKeyBatch(DEFAULT_MAX_KEY_BATCH)
            .retryPolicy(RETRY)
            .pollTimeout(Duration.ofMillis(50))
            .commitInterval(Duration.ofMillis(200))
            .consumerProperties(consumerProperties)
            .batchHandler(
                records -> {
                  List<FanoutMessage> messages = decode(records);
                  try {
                    handler.handle(messages);
                  } catch (RuntimeException | Error e) {
                    log.warn(
                        "Fan-out of {} records failed, will retry: {}",
                        records.size(),
                        e.toString());
                    throw e;
                  }
                });
    if (meterRegistry != null) {
      builder.meterRegistry(meterRegistry);
    }
    return new FanoutConsumer(builder.build());
  }

  public void start() {
    processor.start();
  }

  public boolean isRunning() {
    return processor.isRunning();
  }

  @Override
  public void close() {
    processor.close();
  }

  private static List<FanoutMessage> decode(List<ConsumerRecord<String, byte[]>> records) {
    List<FanoutMessage> messages = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      messages.add(decode(record.value()));
    }
    return messages;
  }

  /** Decodes one record value; bytes that are not a fan-out message are not retryable. */
  static FanoutMessage decode(byte[] value) {
    try {
      return FanoutMessage.decode(value);
    } catch (RuntimeException e) {
      throw new NonRetryableException("undecodable fan-out record: " + e, e);
    }
  }
}
