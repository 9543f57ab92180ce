package dev.surge.cache.warmup;

/**
 * A source of periodic ticks (about one per interval across the whole cluster), the port behind
 * which the 1-second warm-up loop runs on RabbitMQ ({@link RabbitTickSource}) or inside the JVM
 * ({@link InJvmTickSource}).
 *
 * <p>A listener never runs concurrently with itself: a tick that arrives while the previous one is
 * still being handled is skipped, because a warm-up that overlaps itself only adds origin load.
 */
public interface TickSource extends AutoCloseable {

  /** Starts delivering ticks to {@code listener}; may be called once. */
  void start(TickListener listener);

  /** Ticks this instance received (handed to the listener, or skipped while it was busy). */
  long ticks();

  /** Stops ticking on this instance; a cluster loop continues on the other instances. */
  @Override
  void close();
}
