package dev.surge.transfer;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;

/**
 * A rate limit per bank, so the backlog released when a maintenance window ends reaches the bank at
 * a pace it accepts instead of all at once. Per instance: with N instances each bank sees up to N
 * times the limit, so set it to the bank's limit divided by the instance count.
 */
public final class BankRateLimits {

  private final RateLimiterRegistry registry;

  public BankRateLimits(int permitsPerSecond, Duration wait) {
    this.registry =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(permitsPerSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(wait)
                .build());
  }

  /** Takes a permit for one call to {@code bankCode}, waiting up to the configured time. */
  public boolean acquire(String bankCode) {
    return limiter(bankCode).acquirePermission();
  }

  public RateLimiter limiter(String bankCode) {
    return registry.rateLimiter("bank-" + bankCode);
  }
}
