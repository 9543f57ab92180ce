package dev.surge.lock.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Waiting on Redisson futures with our own deadline, so a store outage fails in bounded time. */
final class Deadlines {

  private Deadlines() {}

  /**
   * Waits for an acquire attempt until {@code deadlineNanos} ({@link System#nanoTime()} scale); if
   * the caller gives up (deadline or interrupt), a grant that arrives later is handed to {@code
   * releaseLateGrant}, so no lock stays held by nobody.
   *
   * <p>The attempt is not cancelled: cancelling would hide a late grant from us, and Redisson ends
   * its own attempt at the same wait time anyway.
   */
  static <T> T awaitGrant(
      CompletableFuture<T> attempt,
      long deadlineNanos,
      Predicate<T> granted,
      Consumer<T> releaseLateGrant)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return await(attempt, deadlineNanos);
    } catch (TimeoutException | InterruptedException e) {
      attempt.whenComplete(
          (value, failure) -> {
            if (failure == null && granted.test(value)) {
              releaseLateGrant.accept(value);
            }
          });
      throw e;
    }
  }

  /**
   * Waits for {@code future} until {@code deadlineNanos} on the {@link System#nanoTime()} scale.
   */
  static <T> T await(CompletionStage<T> future, long deadlineNanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future
        .toCompletableFuture()
        .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /**
   * Waits up to {@code timeoutMillis} for {@code future}, ignoring interrupts until it is done or
   * the time is up, then restores the interrupt flag; used for releases, which must not be skipped
   * because the caller was interrupted.
   */
  static <T> T awaitUninterruptibly(CompletableFuture<T> future, long timeoutMillis)
      throws ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
