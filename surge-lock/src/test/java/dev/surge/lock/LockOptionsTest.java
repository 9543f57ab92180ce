package dev.surge.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockOptionsTest {

  @Test
  void defaultsWaitThreeSecondsWithARenewedLease() {
    LockOptions options = LockOptions.DEFAULTS;

    assertThat(options.waitTime()).isEqualTo(LockOptions.DEFAULT_WAIT_TIME);
    assertThat(options.lease()).isEmpty();
    assertThat(options.storeTimeout()).isEqualTo(LockOptions.DEFAULT_STORE_TIMEOUT);
    assertThat(options)
        .isEqualTo(LockOptions.custom().build())
        .hasToString("LockOptions{waitTime=PT3S, lease=renewed, storeTimeout=PT0.09S}");
  }

  @Test
  void buildsWhatWasSet() {
    LockOptions options =
        LockOptions.custom()
            .waitTime(Duration.ZERO)
            .lease(Duration.ofMillis(500))
            .storeTimeout(Duration.ofMillis(50))
            .build();

    assertThat(options.waitTime()).isZero();
    assertThat(options.lease()).contains(Duration.ofMillis(500));
    assertThat(options.storeTimeout()).isEqualTo(Duration.ofMillis(50));
    assertThat(LockOptions.from(options).build()).isEqualTo(options);
    assertThat(LockOptions.from(options).renewedLease().build().lease()).isEmpty();
    assertThat(options).isNotEqualTo(LockOptions.DEFAULTS);
  }

  @Test
  void rejectsBadWaitTimesAtOnce() {
    LockOptions.Builder builder = LockOptions.custom();
    assertThatThrownBy(() -> builder.waitTime(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("waitTime must be >= 0")
        .hasMessageContaining("PT-0.001S");
    assertThatThrownBy(() -> builder.waitTime(LockOptions.MAX_WAIT_TIME.plusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("waitTime must be <=");
    assertThatThrownBy(() -> builder.waitTime(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("waitTime");
  }

  @Test
  void rejectsLeasesAndStoreTimeoutsBelowOneMillisecond() {
    LockOptions.Builder builder = LockOptions.custom();
    assertThatThrownBy(() -> builder.lease(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease must be at least 1 ms");
    assertThatThrownBy(() -> builder.lease(Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.lease(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("renewedLease()");
    assertThatThrownBy(() -> builder.storeTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storeTimeout must be at least 1 ms");
  }
}
