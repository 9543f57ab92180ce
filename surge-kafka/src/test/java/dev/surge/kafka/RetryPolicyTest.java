package dev.surge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoffGrowsByTheMultiplierUpToTheCap() {
    RetryPolicy policy =
        RetryPolicy.exponential(5, Duration.ofMillis(100), 2.0, Duration.ofMillis(350));
    assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofMillis(350));
    assertThat(policy.backoffAfter(60)).isEqualTo(Duration.ofMillis(350));
    assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(RetryPolicy.DEFAULT_MAX_ATTEMPTS);
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    assertThat(RetryPolicy.fixed(3, Duration.ofMillis(7)).backoffAfter(2))
        .isEqualTo(Duration.ofMillis(7));
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> RetryPolicy.fixed(0, Duration.ZERO))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.fixed(1, Duration.ofMillis(-1)))
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(
            () -> RetryPolicy.exponential(2, Duration.ofMillis(1), 0.5, Duration.ofMillis(2)))
        .hasMessageContaining("multiplier");
    assertThatThrownBy(
            () -> RetryPolicy.exponential(2, Duration.ofMillis(10), 2, Duration.ofMillis(2)))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> RetryPolicy.defaults().backoffAfter(0))
        .hasMessageContaining("failedAttempts");
  }
}
