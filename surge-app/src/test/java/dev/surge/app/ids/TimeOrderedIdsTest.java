package dev.surge.app.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T00:00:00Z"));

  @Test
  void idsStrictlyIncreaseWithinAMillisecondAndBeyondTheSequence() {
    TimeOrderedIds ids = new TimeOrderedIds(clock, 5);
    long previous = ids.getAsLong();
    for (int i = 0; i < 10_000; i++) { // more than 4096: runs past one millisecond's sequence
      long next = ids.getAsLong();
      assertThat(next).isGreaterThan(previous);
      previous = next;
    }
  }

  @Test
  void aClockSteppingBackNeverRepeatsAnId() {
    TimeOrderedIds ids = new TimeOrderedIds(clock, 1);
    long before = ids.getAsLong();
    clock.advance(Duration.ofSeconds(-5));
    assertThat(ids.getAsLong()).isGreaterThan(before);
  }

  @Test
  void idsEncodeTheirInstantAndNode() {
    long id = new TimeOrderedIds(clock, 1023).getAsLong();
    assertThat(TimeOrderedIds.instantOf(id)).isEqualTo(clock.instant());
    assertThat(TimeOrderedIds.nodeOf(id)).isEqualTo(1023);
  }

  @Test
  void differentNodesNeverCollide() {
    TimeOrderedIds a = new TimeOrderedIds(clock, 1);
    TimeOrderedIds b = new TimeOrderedIds(clock, 2);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(a.getAsLong())).isTrue();
      assertThat(seen.add(b.getAsLong())).isTrue();
    }
  }

  @Test
  void nodeOutOfRangeIsRejected() {
    assertThatThrownBy(() -> new TimeOrderedIds(clock, 1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node");
  }
}
