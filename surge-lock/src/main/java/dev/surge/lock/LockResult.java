package dev.surge.lock;

import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The outcome of {@link Locks#tryWithLock}: the body ran and returned a value, or the lock was busy
 * and the body did not run. For skip-if-busy jobs, where a busy lock is normal, not an error.
 */
public sealed interface LockResult<T> permits LockResult.Acquired, LockResult.NotAcquired {

  static <T> LockResult<T> acquired(T value) {
    return new Acquired<>(value);
  }

  @SuppressWarnings("unchecked")
  static <T> LockResult<T> notAcquired() {
    return (LockResult<T>) NotAcquired.INSTANCE;
  }

  boolean isAcquired();

  /** The body's value; throws {@link NoSuchElementException} if the lock was not acquired. */
  T value();

  default T orElse(T other) {
    return isAcquired() ? value() : other;
  }

  default T orElseGet(Supplier<? extends T> other) {
    return isAcquired() ? value() : other.get();
  }

  default <R> LockResult<R> map(Function<? super T, ? extends R> mapper) {
    return isAcquired() ? acquired(mapper.apply(value())) : notAcquired();
  }

  /** The body ran under the lock and returned {@code value} (possibly null). */
  record Acquired<T>(T value) implements LockResult<T> {
    @Override
    public boolean isAcquired() {
      return true;
    }
  }

  /** The lock was busy for the whole wait time; the body did not run. */
  @SuppressWarnings("rawtypes")
  final class NotAcquired<T> implements LockResult<T> {

    private static final NotAcquired INSTANCE = new NotAcquired<>();

    private NotAcquired() {}

    @Override
    public boolean isAcquired() {
      return false;
    }

    @Override
    public T value() {
      throw new NoSuchElementException("lock not acquired: the body did not run");
    }

    @Override
    public String toString() {
      return "NotAcquired";
    }
  }
}
