package dev.surge.kafka.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.surge.kafka.DeadLetterHeaders;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a failed record's original key, value and headers to its dead-letter topic with the
 * failure described in {@link DeadLetterHeaders}; the producer is created on first use, since most
 * processors never dead-letter anything.
 */
final class DeadLetterPublisher implements AutoCloseable {

  static final int MAX_STACKTRACE_CHARS = 8192;

  private final Map<String, Object> properties;
  private final Function<String, String> topicFor;
  private final Clock clock;
  private final String processor;
  private volatile Producer<byte[], byte[]> producer;
  private boolean closed;

  DeadLetterPublisher(
      Map<String, Object> producerProperties,
      Function<String, String> topicFor,
      Clock clock,
      String processor) {
    Map<String, Object> properties = new HashMap<>(producerProperties);
    properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    properties.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    // Bounded, so a worker waiting on an unreachable cluster gives its key back to the retry loop.
    properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    properties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    this.properties = Map.copyOf(properties);
    this.topicFor = topicFor;
    this.clock = clock;
    this.processor = processor;
  }

  /** Writes the record and waits for the acknowledgement; throws if it was not written. */
  void publish(ConsumerRecord<byte[], byte[]> failed, Throwable cause, int attempts)
      throws Exception {
    String topic = Objects.requireNonNull(topicFor.apply(failed.topic()), "dead-letter topic");
    Headers headers = new RecordHeaders(failed.headers().toArray());
    put(headers, DeadLetterHeaders.ORIGINAL_TOPIC, failed.topic());
    put(headers, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(failed.partition()));
    put(headers, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(failed.offset()));
    put(headers, DeadLetterHeaders.ORIGINAL_TIMESTAMP, Long.toString(failed.timestamp()));
    put(headers, DeadLetterHeaders.EXCEPTION_CLASS, cause.getClass().getName());
    put(
        headers,
        DeadLetterHeaders.EXCEPTION_MESSAGE,
        cause.getMessage() == null ? "" : cause.getMessage());
    put(headers, DeadLetterHeaders.EXCEPTION_STACKTRACE, stackTrace(cause));
    put(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
    put(headers, DeadLetterHeaders.FAILED_AT, clock.instant().toString());
    put(headers, DeadLetterHeaders.PROCESSOR, processor);
    producer().send(new ProducerRecord<>(topic, null, failed.key(), failed.value(), headers)).get();
  }

  private Producer<byte[], byte[]> producer() {
    Producer<byte[], byte[]> current = producer;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("processor " + processor + " is closed");
      }
      if (producer == null) {
        producer =
            new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
      }
      return producer;
    }
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(UTF_8));
  }

  static String stackTrace(Throwable cause) {
    StringWriter text = new StringWriter();
    cause.printStackTrace(new PrintWriter(text));
    String trace = text.toString();
    return trace.length() <= MAX_STACKTRACE_CHARS
        ? trace
        : trace.substring(0, MAX_STACKTRACE_CHARS);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
