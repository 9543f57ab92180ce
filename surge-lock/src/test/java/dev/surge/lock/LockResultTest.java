package dev.surge.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class LockResultTest {

  @Test
  void acquiredCarriesTheBodysValue() {
    LockResult<Integer> result = LockResult.acquired(7);

    assertThat(result.isAcquired()).isTrue();
    assertThat(result.value()).isEqualTo(7);
    assertThat(result.orElse(0)).isEqualTo(7);
    assertThat(result.map(v -> v * 2).value()).isEqualTo(14);
    assertThat(LockResult.acquired(null).orElse("other")).isNull();
  }

  @Test
  void notAcquiredHasNoValue() {
    LockResult<Integer> result = LockResult.notAcquired();

    assertThat(result.isAcquired()).isFalse();
    assertThat(result.orElse(0)).isZero();
    assertThat(result.orElseGet(() -> 5)).isEqualTo(5);
    assertThat(result.map(v -> v * 2).isAcquired()).isFalse();
    assertThatThrownBy(result::value)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("did not run");
  }
}
