package dev.surge.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A test origin: answers {@code key@version}, takes a fixed time per call, and records how many
 * calls it got per key and how many ran at once.
 */
final class Origin implements Function<String, String> {

  private final Duration latency;
  private final AtomicLong version = new AtomicLong(1);
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final Map<String, AtomicInteger> callsPerKey = new ConcurrentHashMap<>();
  private volatile Runnable onCall = () -> {};

  Origin(Duration latency) {
    this.latency = latency;
  }

  @Override
  public String apply(String key) {
    int running = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(running, Math::max);
    try {
      calls.incrementAndGet();
      callsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      onCall.run();
      Thread.sleep(latency.toMillis());
      return key + "@" + version.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Changes the data: later calls answer the next version. */
  long change() {
    return version.incrementAndGet();
  }

  String current(String key) {
    return key + "@" + version.get();
  }

  void onCall(Runnable action) {
    this.onCall = action;
  }

  int calls() {
    return calls.get();
  }

  int calls(String key) {
    AtomicInteger n = callsPerKey.get(key);
    return n == null ? 0 : n.get();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }
}
