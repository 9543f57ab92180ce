package dev.surge.kafka.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One polled record on its way through a lane, with the tracker of the assignment it came in. */
final class Work<K, V> {

  final ConsumerRecord<byte[], byte[]> raw;
  final PartitionTracker tracker;

  /** The decoded record, set by the first worker that decodes it. */
  ConsumerRecord<K, V> decoded;

  Work(ConsumerRecord<byte[], byte[]> raw, PartitionTracker tracker) {
    this.raw = raw;
    this.tracker = tracker;
  }
}
