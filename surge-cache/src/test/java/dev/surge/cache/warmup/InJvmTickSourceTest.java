package dev.surge.cache.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InJvmTickSourceTest {

  @Test
  void ticksInOrderAndSkipsTicksWhileTheListenerIsBusy() throws Exception {
    List<Long> sequences = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    try (InJvmTickSource source = new InJvmTickSource(Duration.ofMillis(20), Clock.systemUTC())) {
      source.start(
          tick -> {
            sequences.add(tick.sequence());
            if (sequences.size() == 3) {
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          });
      await().atMost(Duration.ofSeconds(5)).until(() -> sequences.size() == 3);
      await().atMost(Duration.ofSeconds(5)).until(() -> source.ticks() >= 10);
      assertThat(sequences).hasSize(3);
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> sequences.size() >= 5);
      assertThatThrownBy(() -> source.start(tick -> {})).isInstanceOf(IllegalStateException.class);
    }
    assertThat(sequences).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void rejectsABadInterval() {
    assertThatThrownBy(() -> new InJvmTickSource(Duration.ZERO, Clock.systemUTC()))
        .hasMessageContaining("interval");
  }
}
