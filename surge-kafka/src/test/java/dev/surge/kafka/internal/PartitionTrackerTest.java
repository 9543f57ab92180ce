package dev.surge.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionTrackerTest {

  private final PartitionTracker tracker = new PartitionTracker(new TopicPartition("t", 0));

  @Test
  void committableOffsetStopsAtTheLowestRecordNotDone() {
    assertThat(tracker.toCommit()).isEqualTo(PartitionTracker.NOTHING);
    for (long offset = 10; offset < 15; offset++) {
      tracker.track(offset);
    }
    assertThat(tracker.committable()).isEqualTo(10);
    tracker.complete(11);
    tracker.complete(13);
    assertThat(tracker.committable()).isEqualTo(10);
    tracker.complete(10);
    assertThat(tracker.committable()).isEqualTo(12);
    tracker.complete(12);
    tracker.complete(14);
    assertThat(tracker.committable()).isEqualTo(15);
  }

  @Test
  void commitsOnlyWhenTheOffsetMovedAndRepeatsAfterAFailedCommit() {
    tracker.track(0);
    tracker.complete(0);
    assertThat(tracker.toCommit()).isEqualTo(1);
    tracker.committed(1);
    assertThat(tracker.toCommit()).isEqualTo(PartitionTracker.NOTHING);
    tracker.commitFailed();
    assertThat(tracker.toCommit()).isEqualTo(1);
  }

  @Test
  void aRevokedTrackerRefusesNewStarts() {
    assertThat(tracker.tryBegin()).isTrue();
    assertThat(tracker.running()).isEqualTo(1);
    tracker.revoke();
    assertThat(tracker.tryBegin()).isFalse();
    assertThat(tracker.running()).isEqualTo(1);
    tracker.end();
    assertThat(tracker.running()).isZero();
    assertThat(tracker.isRevoked()).isTrue();
  }
}
