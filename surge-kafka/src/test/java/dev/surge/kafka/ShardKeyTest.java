package dev.surge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ShardKeyTest {

  private static <K> ConsumerRecord<K, String> record(String topic, int partition, K key) {
    return new ConsumerRecord<>(topic, partition, 0, key, "v");
  }

  @Test
  void keyOrderingShardsByTopicAndKeyContent() {
    assertThat(ShardKey.of(record("t", 0, new byte[] {1, 2}), Ordering.KEY))
        .isEqualTo(ShardKey.of(record("t", 3, new byte[] {1, 2}), Ordering.KEY))
        .isNotEqualTo(ShardKey.of(record("t", 0, new byte[] {1, 3}), Ordering.KEY))
        .isNotEqualTo(ShardKey.of(record("u", 0, new byte[] {1, 2}), Ordering.KEY));
    assertThat(ShardKey.of(record("t", 0, new byte[] {1, 2}), Ordering.KEY).hashCode())
        .isEqualTo(ShardKey.of(record("t", 1, new byte[] {1, 2}), Ordering.KEY).hashCode());
  }

  @Test
  void nullKeysAndPartitionOrderingShardByPartition() {
    ShardKey nullKey = ShardKey.of(record("t", 2, null), Ordering.KEY);
    assertThat(nullKey.isPartition()).isTrue();
    assertThat(nullKey).isEqualTo(ShardKey.ofPartition("t", 2));
    assertThat(ShardKey.of(record("t", 2, "a"), Ordering.PARTITION))
        .isEqualTo(ShardKey.of(record("t", 2, "b"), Ordering.PARTITION))
        .isNotEqualTo(ShardKey.of(record("t", 1, "a"), Ordering.PARTITION));
  }
}
