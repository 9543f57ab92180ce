package dev.surge.kafka.internal;

import dev.surge.kafka.ShardKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The queue of one shard key: records wait here in offset order, and at most one task per lane is
 * submitted, running or waiting for a retry at any time, which is what keeps a key's records serial
 * while other lanes run on the shared pool.
 *
 * <p>Only the poll thread appends; the fields below the lock are touched only by the lane's single
 * task, whose runs are ordered by the executor hand-offs.
 */
final class Lane<K, V> {

  final ShardKey key;
  private final ArrayDeque<Work<K, V>> queue = new ArrayDeque<>();
  private boolean scheduled;

  /** The batch to try again, set while a retry waits. */
  List<Work<K, V>> retrying;

  /** Tries made of {@link #retrying}. */
  int attempts;

  /** Records of a batch that failed as a whole, to be tried again one at a time. */
  final ArrayDeque<Work<K, V>> isolated = new ArrayDeque<>();

  Lane(ShardKey key) {
    this.key = key;
  }

  /** Poll thread: appends a record; true if the lane was idle and must now be submitted. */
  synchronized boolean append(Work<K, V> work) {
    queue.addLast(work);
    if (scheduled) {
      return false;
    }
    scheduled = true;
    return true;
  }

  /**
   * Lane task: the next records to run (at most {@code max}; one while isolating a failed batch),
   * or an empty list after marking the lane idle.
   */
  List<Work<K, V>> next(int max) {
    if (!isolated.isEmpty()) {
      return List.of(isolated.pollFirst());
    }
    synchronized (this) {
      if (queue.isEmpty()) {
        scheduled = false;
        return List.of();
      }
      if (max == 1) {
        return List.of(queue.pollFirst());
      }
      List<Work<K, V>> batch = new ArrayList<>(Math.min(max, queue.size()));
      while (batch.size() < max && !queue.isEmpty()) {
        batch.add(queue.pollFirst());
      }
      return batch;
    }
  }

  /** Lane task: whether there is more to run; if not, marks the lane idle. */
  boolean continueOrIdle() {
    if (!isolated.isEmpty()) {
      return true;
    }
    synchronized (this) {
      if (queue.isEmpty()) {
        scheduled = false;
        return false;
      }
      return true;
    }
  }

  /** Poll thread: whether the lane holds nothing and no task, so it can be forgotten. */
  synchronized boolean isIdle() {
    return !scheduled && queue.isEmpty();
  }
}
