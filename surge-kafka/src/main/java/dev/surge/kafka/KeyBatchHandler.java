package dev.surge.kafka;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles the records of one shard key that are waiting together, in offset order; lets a handler
 * write a key's records in one statement (for example one multi-row insert per viewer).
 *
 * <p>The list is never empty, holds at most the builder's {@code maxKeyBatch} records, and every
 * record has the same {@link ShardKey}. If the handler throws, the whole list is retried; when the
 * retries are exhausted its records are handled again one at a time (each with a fresh retry
 * budget), so only the records that still fail alone reach the dead-letter topic. A {@link
 * NonRetryableException} skips the retries of the whole list and splits it at once. Delivery is at
 * least once: the handler must be idempotent.
 */
@FunctionalInterface
public interface KeyBatchHandler<K, V> {

  void handle(List<ConsumerRecord<K, V>> records) throws Exception;
}
