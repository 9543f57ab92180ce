package dev.surge.app.lock;

import dev.surge.lock.LockOptions;
import dev.surge.lock.Locks;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code surge.lock.*}: defaults for calls that pass no {@link LockOptions}. Unset values take the
 * library's own constants, so the app and the library never disagree on a default.
 *
 * @param waitTime how long to wait for a busy lock
 * @param lease a fixed lease; unset means the lease is renewed while the body runs
 * @param storeTimeout how long beyond the wait an unreachable Redis may take to be reported
 * @param releaseTimeout how long an unlock may take before it is given up (the lease then expires)
 */
@ConfigurationProperties("surge.lock")
public record LockProperties(
    Duration waitTime, Duration lease, Duration storeTimeout, Duration releaseTimeout) {

  public LockProperties {
    waitTime = waitTime != null ? waitTime : LockOptions.DEFAULT_WAIT_TIME;
    storeTimeout = storeTimeout != null ? storeTimeout : LockOptions.DEFAULT_STORE_TIMEOUT;
    releaseTimeout = releaseTimeout != null ? releaseTimeout : Locks.DEFAULT_RELEASE_TIMEOUT;
  }

  /** The options these properties describe; invalid values fail here, at startup. */
  LockOptions options() {
    LockOptions.Builder builder =
        LockOptions.custom().waitTime(waitTime).storeTimeout(storeTimeout);
    return (lease != null ? builder.lease(lease) : builder.renewedLease()).build();
  }
}
