package dev.surge.kafka.internal;

import dev.surge.kafka.KeyBatchHandler;
import dev.surge.kafka.Ordering;
import dev.surge.kafka.RecordHandler;
import dev.surge.kafka.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Validated, immutable settings of one processor, as {@code KeyOrderedProcessor.Builder} builds
 * them; exactly one of {@code handler} and {@code batchHandler} is set, and {@code maxKeyBatch} is
 * 1 with a record handler.
 */
public record EngineSettings<K, V>(
    String name,
    Map<String, Object> consumerProperties,
    Map<String, Object> producerProperties,
    List<String> topics,
    Deserializer<K> keyDeserializer,
    Deserializer<V> valueDeserializer,
    RecordHandler<K, V> handler,
    KeyBatchHandler<K, V> batchHandler,
    Ordering ordering,
    int concurrency,
    int maxInFlight,
    int pollBatchSize,
    int maxKeyBatch,
    RetryPolicy retryPolicy,
    Function<String, String> deadLetterTopic,
    Clock clock,
    MeterRegistry meterRegistry,
    Duration pollTimeout,
    Duration commitInterval,
    Duration shutdownTimeout,
    Duration revokeTimeout) {}
