package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HybridCacheBuilderTest {

  private static HybridCache.Builder<String, String> builder() {
    return HybridCache.builder("promotions");
  }

  @Test
  void rejectsNamesThatCannotBeRedisKeysOrZnodes() {
    assertThatThrownBy(() -> HybridCache.builder("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache name must match")
        .hasMessageContaining("'a/b'");
    assertThatThrownBy(() -> HybridCache.builder("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HybridCache.builder(null)).isInstanceOf(NullPointerException.class);
    assertThatCode(() -> HybridCache.builder("gift.promo_v2-a")).doesNotThrowAnyException();
  }

  @Test
  void rejectsNonPositiveDurations() {
    assertThatThrownBy(() -> builder().ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive, was PT0S");
    assertThatThrownBy(() -> builder().l1Ttl(Duration.ofSeconds(-1)))
        .hasMessageContaining("l1Ttl must be positive");
    assertThatThrownBy(() -> builder().leaseTtl(Duration.ZERO))
        .hasMessageContaining("leaseTtl must be positive");
    assertThatThrownBy(() -> builder().redisTimeout(Duration.ZERO))
        .hasMessageContaining("redisTimeout must be positive");
    assertThatThrownBy(() -> builder().degradedL1Ttl(Duration.ZERO))
        .hasMessageContaining("degradedL1Ttl must be positive");
    assertThatThrownBy(() -> builder().ttl(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void zeroWaitsAreAllowedButNegativeOnesAreNot() {
    assertThatCode(() -> builder().leaseWait(Duration.ZERO).redisBackoff(Duration.ZERO))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> builder().leaseWait(Duration.ofMillis(-1)))
        .hasMessageContaining("leaseWait must not be negative");
    assertThatThrownBy(() -> builder().loadPermitWait(Duration.ofMillis(-1)))
        .hasMessageContaining("loadPermitWait must not be negative");
  }

  @Test
  void rejectsBadBetaSizesAndConcurrency() {
    assertThatThrownBy(() -> builder().beta(-0.1)).hasMessageContaining("beta must be finite");
    assertThatThrownBy(() -> builder().beta(Double.NaN)).hasMessageContaining("beta");
    assertThatThrownBy(() -> builder().beta(Double.POSITIVE_INFINITY)).hasMessageContaining("beta");
    assertThatCode(() -> builder().beta(0)).doesNotThrowAnyException();
    assertThatThrownBy(() -> builder().l1MaximumSize(0))
        .hasMessage("l1MaximumSize must be >= 1, was 0");
    assertThatThrownBy(() -> builder().maxConcurrentLoads(0))
        .hasMessage("maxConcurrentLoads must be >= 1, was 0");
  }

  @Test
  void rejectsMalformedZkRootsAndBlankRedisPrefixes() {
    assertThatThrownBy(() -> builder().zkRoot("surge")).hasMessageContaining("absolute path");
    assertThatThrownBy(() -> builder().zkRoot("/surge/")).hasMessageContaining("trailing");
    assertThatThrownBy(() -> builder().zkRoot("/a//b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().redisPrefix(" "))
        .hasMessage("redisPrefix must not be blank");
  }

  @Test
  void l1MayNotOutliveTheValue() {
    assertThatThrownBy(
            () -> builder().ttl(Duration.ofSeconds(5)).l1Ttl(Duration.ofSeconds(6)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("l1Ttl (PT6S) must not exceed ttl (PT5S)");
  }

  @Test
  void buildNamesTheMissingRequiredSetting() {
    assertThatThrownBy(() -> builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cache 'promotions': redisson is required, call redisson(...)");
  }
}
