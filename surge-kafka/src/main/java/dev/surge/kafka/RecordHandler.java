package dev.surge.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles one record; called in offset order for each shard key and never concurrently for the same
 * key.
 *
 * <p>Delivery is at least once: after a crash or a rebalance that outlives the revoke timeout a
 * record can be handled again, so the handler must be idempotent. Throwing makes the processor
 * retry the record under its {@link RetryPolicy} and then send it to the dead-letter topic;
 * throwing a {@link NonRetryableException} sends it there at once.
 */
@FunctionalInterface
public interface RecordHandler<K, V> {

  void handle(ConsumerRecord<K, V> record) throws Exception;
}
