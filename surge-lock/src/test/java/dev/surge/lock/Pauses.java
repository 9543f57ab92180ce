package dev.surge.lock;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Sleeping and latch waits for lambdas that cannot throw checked exceptions. */
public final class Pauses {

  private Pauses() {}

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits up to 20 s for {@code latch}; a test that gets stuck fails instead of hanging. */
  public static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released within 20 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
