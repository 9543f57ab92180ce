package dev.surge.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.kafka.ShardKey;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LaneTest {

  private final PartitionTracker tracker = new PartitionTracker(new TopicPartition("t", 0));
  private final Lane<String, String> lane = new Lane<>(ShardKey.ofKey("t", "k"));

  private Work<String, String> work(long offset) {
    return new Work<>(
        new ConsumerRecord<>("t", 0, offset, new byte[] {1}, new byte[] {2}), tracker);
  }

  @Test
  void asksForOneTaskAtATimeAndHandsOutRecordsInOrder() {
    assertThat(lane.append(work(0))).isTrue();
    assertThat(lane.append(work(1))).isFalse();
    assertThat(lane.append(work(2))).isFalse();
    assertThat(lane.next(2)).extracting(w -> w.raw.offset()).containsExactly(0L, 1L);
    assertThat(lane.continueOrIdle()).isTrue();
    assertThat(lane.next(2)).extracting(w -> w.raw.offset()).containsExactly(2L);
    assertThat(lane.isIdle()).isFalse();
    assertThat(lane.continueOrIdle()).isFalse();
    assertThat(lane.isIdle()).isTrue();
    assertThat(lane.append(work(3))).isTrue();
  }

  @Test
  void isolatedRecordsGoFirstOneByOne() {
    lane.append(work(5));
    lane.isolated.addAll(List.of(work(3), work(4)));
    assertThat(lane.next(10)).extracting(w -> w.raw.offset()).containsExactly(3L);
    assertThat(lane.next(10)).extracting(w -> w.raw.offset()).containsExactly(4L);
    assertThat(lane.next(10)).extracting(w -> w.raw.offset()).containsExactly(5L);
    assertThat(lane.next(10)).isEmpty();
    assertThat(lane.isIdle()).isTrue();
  }
}
