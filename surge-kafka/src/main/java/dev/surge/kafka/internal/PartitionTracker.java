package dev.surge.kafka.internal;

import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets of one assigned partition that were polled and are not yet done, from which the
 * committable offset follows: the lowest offset not done, or one past the highest polled.
 *
 * <p>One tracker lives for one assignment of the partition: a revoked tracker is never reused, so
 * records polled under an earlier assignment can never move the offsets of a later one. Only the
 * poll thread adds offsets and reads the committable offset; workers remove offsets and count the
 * records they are running.
 */
final class PartitionTracker {

  static final long NOTHING = -1;

  private final TopicPartition partition;
  private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean revoked;
  private long next = NOTHING;
  private long committed = NOTHING;

  PartitionTracker(TopicPartition partition) {
    this.partition = partition;
  }

  TopicPartition partition() {
    return partition;
  }

  /** Poll thread: a record at {@code offset} was polled and is now in flight. */
  void track(long offset) {
    pending.add(offset);
    next = offset + 1;
  }

  /** Worker: the record at {@code offset} is done (handled or dead-lettered). */
  void complete(long offset) {
    pending.remove(offset);
  }

  /**
   * Worker: claims the right to run a record of this partition; false once revoked. The increment
   * comes before the check so that a revoke that sees no running record also sees no later start.
   */
  boolean tryBegin() {
    running.incrementAndGet();
    if (revoked) {
      running.decrementAndGet();
      return false;
    }
    return true;
  }

  void end() {
    running.decrementAndGet();
  }

  int running() {
    return running.get();
  }

  void revoke() {
    revoked = true;
  }

  boolean isRevoked() {
    return revoked;
  }

  /**
   * Poll thread: the offset to commit (the next record to read after a restart), or {@link
   * #NOTHING} if no record was polled. A record finishing concurrently can only make the true value
   * higher, so the answer is never ahead of what is done.
   */
  long committable() {
    Iterator<Long> lowest = pending.iterator();
    return lowest.hasNext() ? lowest.next() : next;
  }

  /** Poll thread: the committable offset if it moved past the last commit, else NOTHING. */
  long toCommit() {
    long offset = committable();
    return offset > committed ? offset : NOTHING;
  }

  void committed(long offset) {
    committed = Math.max(committed, offset);
  }

  /** Forgets the last commit after a failed asynchronous commit, so the next one repeats it. */
  void commitFailed() {
    committed = NOTHING;
  }

  int pendingCount() {
    return pending.size();
  }
}
