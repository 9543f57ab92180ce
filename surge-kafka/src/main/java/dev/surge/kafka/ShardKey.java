package dev.surge.kafka;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The unit of ordering: records with equal shard keys run one at a time in offset order, records
 * with different shard keys may run in parallel.
 *
 * <p>Under {@link Ordering#KEY} the shard is the topic plus the record key (a {@code byte[]} key is
 * compared by content, like the partitioner hashes it); a record without a key falls back to its
 * partition so null keys never collapse into one global queue. Under {@link Ordering#PARTITION} the
 * shard is the topic partition.
 */
public final class ShardKey {

  private static final int NO_PARTITION = -1;

  private final String topic;
  private final int partition;
  private final Object key;

  private ShardKey(String topic, int partition, Object key) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.partition = partition;
    this.key = key;
  }

  /** The shard of {@code record} under {@code ordering}. */
  public static ShardKey of(ConsumerRecord<?, ?> record, Ordering ordering) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(ordering, "ordering");
    if (ordering == Ordering.KEY && record.key() != null) {
      return ofKey(record.topic(), record.key());
    }
    return ofPartition(record.topic(), record.partition());
  }

  /** The shard of a key in a topic; a {@code byte[]} key is compared by content. */
  public static ShardKey ofKey(String topic, Object key) {
    Objects.requireNonNull(key, "key");
    Object comparable = key instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : key;
    return new ShardKey(topic, NO_PARTITION, comparable);
  }

  /** The shard of a whole partition. */
  public static ShardKey ofPartition(String topic, int partition) {
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, was " + partition);
    }
    return new ShardKey(topic, partition, null);
  }

  public String topic() {
    return topic;
  }

  /** Whether this shard is a whole partition rather than a key. */
  public boolean isPartition() {
    return key == null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ShardKey that
        && partition == that.partition
        && topic.equals(that.topic)
        && Objects.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return (topic.hashCode() * 31 + partition) * 31 + Objects.hashCode(key);
  }

  @Override
  public String toString() {
    if (key == null) {
      return "ShardKey[" + topic + "-" + partition + "]";
    }
    Object shown = key instanceof ByteBuffer buffer ? buffer.remaining() + " bytes" : key;
    return "ShardKey[" + topic + ":" + shown + "]";
  }
}
