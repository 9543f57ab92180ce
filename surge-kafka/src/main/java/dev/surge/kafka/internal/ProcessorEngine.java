package dev.surge.kafka.internal;

import dev.surge.kafka.NonRetryableException;
import dev.surge.kafka.ShardKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@code KeyOrderedProcessor}: one poll thread that owns the consumer, lanes
 * of records per shard key, and a shared worker pool that runs one task per busy lane.
 *
 * <p>The poll thread is the only one to touch the consumer, the lane map and the partition
 * trackers; workers only pull from lanes, mark offsets done and wake the poll thread when it waits
 * for room, for a revoked partition to drain, or for shutdown.
 */
public final class ProcessorEngine<K, V> {

  private static final Logger log = LoggerFactory.getLogger(ProcessorEngine.class);

  /** Bound of a synchronous commit on revoke or close. */
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  /** Extra time {@code close} waits for the poll thread beyond the shutdown timeout. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

  /** How deep {@link #isRetryable} looks into a failure's causes (which may form a cycle). */
  static final int MAX_CAUSE_DEPTH = 32;

  private final EngineSettings<K, V> settings;
  private final ProcessorMetrics metrics;
  private final DeadLetterPublisher deadLetters;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<ShardKey, Lane<K, V>> lanes = new HashMap<>();
  private final ConcurrentLinkedQueue<Lane<K, V>> idleLanes = new ConcurrentLinkedQueue<>();
  private final Map<TopicPartition, PartitionTracker> trackers = new HashMap<>();
  private final Object lifecycle = new Object();
  private Consumer<byte[], byte[]> consumer;
  private ThreadPoolExecutor workers;
  private ScheduledThreadPoolExecutor retryTimer;
  private Thread pollThread;
  private boolean started;
  private volatile boolean stopping;
  private volatile boolean aborted;
  private volatile long shutdownTimeoutNanos;
  private volatile boolean pollThreadWaiting;
  private volatile boolean paused;
  private long lastCommitNanos;

  public ProcessorEngine(EngineSettings<K, V> settings) {
    this.settings = settings;
    this.metrics = new ProcessorMetrics(settings.meterRegistry(), settings.name(), this);
    this.deadLetters =
        new DeadLetterPublisher(
            settings.producerProperties(),
            settings.deadLetterTopic(),
            settings.clock(),
            settings.name());
  }

  public EngineSettings<K, V> settings() {
    return settings;
  }

  public int inFlight() {
    return inFlight.get();
  }

  public boolean isPaused() {
    return paused;
  }

  public boolean isRunning() {
    Thread thread = pollThread;
    return thread != null && thread.isAlive();
  }

  public void start() {
    synchronized (lifecycle) {
      if (started) {
        throw new IllegalStateException("processor " + settings.name() + " was already started");
      }
      started = true;
      Map<String, Object> properties = new HashMap<>(settings.consumerProperties());
      properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.pollBatchSize());
      consumer =
          new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      int threads = settings.concurrency();
      workers =
          new ThreadPoolExecutor(
              threads,
              threads,
              0,
              TimeUnit.MILLISECONDS,
              new LinkedBlockingQueue<>(),
              named(settings.name() + "-worker-"));
      retryTimer = new ScheduledThreadPoolExecutor(1, named(settings.name() + "-retry-"));
      retryTimer.setRemoveOnCancelPolicy(true);
      pollThread = new Thread(this::pollLoop, settings.name() + "-poll");
      pollThread.start();
    }
  }

  /** Asks the poll thread to shut down within {@code timeout} and waits for it. */
  public void close(Duration timeout) {
    Thread thread;
    synchronized (lifecycle) {
      if (!started) {
        started = true;
        deadLetters.close();
        return;
      }
      thread = pollThread;
      if (!stopping) {
        shutdownTimeoutNanos = timeout.toNanos();
        stopping = true;
      }
    }
    LockSupport.unpark(thread);
    if (thread == Thread.currentThread()) {
      return;
    }
    try {
      thread.join(timeout.plus(CLOSE_GRACE).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("{}: poll thread still running after close timeout", settings.name());
    }
  }

  // ---------------------------------------------------------------- poll thread

  private void pollLoop() {
    try {
      consumer.subscribe(settings.topics(), new Rebalance());
      long pollTimeoutNanos = settings.pollTimeout().toNanos();
      while (!stopping) {
        try {
          forgetIdleLanes();
          boolean room = hasRoom();
          if (!room) {
            if (!paused) {
              consumer.pause(consumer.assignment());
              paused = true;
            }
            awaitUntil(() -> hasRoom() || stopping, System.nanoTime() + pollTimeoutNanos);
            room = hasRoom();
          }
          if (room && paused) {
            consumer.resume(consumer.paused());
            paused = false;
          }
          dispatch(consumer.poll(room ? settings.pollTimeout() : Duration.ZERO));
          commitIfDue();
        } catch (RuntimeException e) {
          log.error("{}: poll loop failed, polling again", settings.name(), e);
          awaitUntil(() -> stopping, System.nanoTime() + pollTimeoutNanos);
        }
      }
    } catch (Throwable e) {
      log.error("{}: poll thread failed", settings.name(), e);
    } finally {
      shutdown();
    }
  }

  /** Whether one more poll batch fits under the in-flight bound. */
  private boolean hasRoom() {
    return settings.maxInFlight() - inFlight.get() >= settings.pollBatchSize();
  }

  private void dispatch(ConsumerRecords<byte[], byte[]> records) {
    if (records.isEmpty()) {
      return;
    }
    for (TopicPartition partition : records.partitions()) {
      PartitionTracker tracker = trackers.computeIfAbsent(partition, PartitionTracker::new);
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        tracker.track(record.offset());
        inFlight.incrementAndGet();
        Lane<K, V> lane =
            lanes.computeIfAbsent(ShardKey.of(record, settings.ordering()), Lane::new);
        if (lane.append(new Work<>(record, tracker))) {
          submit(lane);
        }
      }
    }
  }

  /** Drops lanes that went idle, so the map holds only keys with records in flight. */
  private void forgetIdleLanes() {
    for (Lane<K, V> lane = idleLanes.poll(); lane != null; lane = idleLanes.poll()) {
      if (lane.isIdle()) {
        lanes.remove(lane.key, lane);
      }
    }
  }

  private void commitIfDue() {
    long now = System.nanoTime();
    if (now - lastCommitNanos < settings.commitInterval().toNanos()) {
      return;
    }
    lastCommitNanos = now;
    Map<TopicPartition, OffsetAndMetadata> offsets = offsetsToCommit(trackers.values());
    if (offsets.isEmpty()) {
      return;
    }
    consumer.commitAsync(
        offsets,
        (committed, failure) -> {
          if (failure != null) {
            if (failure instanceof RebalanceInProgressException) {
              // Expected during a cooperative rebalance; the next commit after it repeats this one.
              log.debug("{}: commit of {} deferred by a rebalance", settings.name(), offsets);
            } else {
              log.warn(
                  "{}: commit of {} failed; it will be repeated",
                  settings.name(),
                  offsets,
                  failure);
            }
            offsets.keySet().stream()
                .map(trackers::get)
                .filter(t -> t != null)
                .forEach(PartitionTracker::commitFailed);
          }
        });
    markCommitted(offsets);
  }

  private void commitNow(Collection<PartitionTracker> done) {
    Map<TopicPartition, OffsetAndMetadata> offsets = offsetsToCommit(done);
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets, COMMIT_TIMEOUT);
      markCommitted(offsets);
      log.debug("{}: committed {}", settings.name(), offsets);
    } catch (RuntimeException e) {
      log.warn(
          "{}: commit of {} failed; those records will be delivered again",
          settings.name(),
          offsets,
          e);
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> offsetsToCommit(
      Collection<PartitionTracker> candidates) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (PartitionTracker tracker : candidates) {
      long offset = tracker.toCommit();
      if (offset != PartitionTracker.NOTHING) {
        offsets.put(tracker.partition(), new OffsetAndMetadata(offset));
      }
    }
    return offsets;
  }

  private void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (partition, offset) -> {
          PartitionTracker tracker = trackers.get(partition);
          if (tracker != null) {
            tracker.committed(offset.offset());
          }
        });
  }

  /** Parks the poll thread until {@code condition} holds or the deadline passes. */
  private boolean awaitUntil(BooleanSupplier condition, long deadlineNanos) {
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      pollThreadWaiting = true;
      try {
        // Checked again after raising the flag, so a worker's wake-up cannot fall in between.
        if (condition.getAsBoolean()) {
          return true;
        }
        LockSupport.parkNanos(this, remaining);
      } finally {
        pollThreadWaiting = false;
      }
    }
  }

  private void shutdown() {
    try {
      long deadline = System.nanoTime() + shutdownTimeoutNanos;
      boolean drained = awaitUntil(() -> inFlight.get() == 0, deadline);
      if (!drained) {
        aborted = true;
        trackers.values().forEach(PartitionTracker::revoke);
        log.warn(
            "{}: {} records not done within the shutdown timeout; they stay uncommitted",
            settings.name(),
            inFlight.get());
      }
      commitNow(trackers.values());
      // The consumer's close revokes its partitions; there is nothing left for the listener.
      trackers.clear();
    } catch (RuntimeException e) {
      log.warn("{}: final commit failed", settings.name(), e);
    } finally {
      try {
        consumer.close();
      } catch (RuntimeException e) {
        log.warn("{}: consumer close failed", settings.name(), e);
      }
      retryTimer.shutdownNow();
      if (aborted) {
        workers.shutdownNow();
      } else {
        workers.shutdown();
      }
      try {
        if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
          log.warn("{}: workers still running after close", settings.name());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      deadLetters.close();
      log.info("{}: closed", settings.name());
    }
  }

  /** Runs on the poll thread inside {@code poll}, as the consumer requires. */
  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      List<PartitionTracker> revoked = detach(partitions);
      if (revoked.isEmpty()) {
        return;
      }
      long deadline = System.nanoTime() + settings.revokeTimeout().toNanos();
      boolean drained =
          awaitUntil(() -> revoked.stream().allMatch(t -> t.running() == 0), deadline);
      if (!drained) {
        log.warn(
            "{}: records of revoked partitions {} still running after {}; letting them go",
            settings.name(),
            partitions,
            settings.revokeTimeout());
      }
      commitNow(revoked);
      log.info("{}: revoked {}", settings.name(), partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      detach(partitions);
      log.warn("{}: lost {} without a chance to commit", settings.name(), partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        PartitionTracker previous = trackers.put(partition, new PartitionTracker(partition));
        if (previous != null) {
          previous.revoke();
        }
      }
      if (paused && !partitions.isEmpty()) {
        consumer.pause(partitions);
      }
      log.info("{}: assigned {}", settings.name(), partitions);
    }

    /**
     * Stops new work on the partitions and forgets their trackers, so no later commit touches a
     * partition another consumer may own; queued records of theirs are dropped by the lanes.
     */
    private List<PartitionTracker> detach(Collection<TopicPartition> partitions) {
      List<PartitionTracker> detached = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        PartitionTracker tracker = trackers.remove(partition);
        if (tracker != null) {
          tracker.revoke();
          detached.add(tracker);
        }
      }
      return detached;
    }
  }

  // ---------------------------------------------------------------- workers

  private void submit(Lane<K, V> lane) {
    try {
      workers.execute(() -> runLane(lane));
    } catch (RejectedExecutionException e) {
      log.debug("{}: lane {} not run, shutting down", settings.name(), lane.key);
    }
  }

  private void signal() {
    if (pollThreadWaiting) {
      LockSupport.unpark(pollThread);
    }
  }

  /** One turn of a lane: one record or one key batch, then the lane yields its worker. */
  private void runLane(Lane<K, V> lane) {
    List<Work<K, V>> batch = lane.retrying;
    lane.retrying = null;
    if (batch == null) {
      batch = lane.next(settings.maxKeyBatch());
      if (batch.isEmpty()) {
        idleLanes.add(lane);
        return;
      }
      lane.attempts = 0;
    }
    List<Work<K, V>> live = begin(batch);
    if (!live.isEmpty() && !run(lane, live)) {
      return;
    }
    if (lane.continueOrIdle()) {
      submit(lane);
    } else {
      idleLanes.add(lane);
    }
  }

  /** The records that may start; those of revoked partitions are dropped, uncommitted. */
  private List<Work<K, V>> begin(List<Work<K, V>> batch) {
    List<Work<K, V>> live = new ArrayList<>(batch.size());
    for (Work<K, V> work : batch) {
      if (work.tracker.tryBegin()) {
        live.add(work);
      } else {
        inFlight.decrementAndGet();
        signal();
      }
    }
    return live;
  }

  /**
   * Tries the records once; false if a retry was scheduled (the lane keeps its task and waits),
   * true if the lane may go on. A failure that is not {@linkplain #isRetryable retryable} is not
   * tried again: a lone record is dead-lettered at once, a key batch is split at once.
   */
  private boolean run(Lane<K, V> lane, List<Work<K, V>> live) {
    int attempt = ++lane.attempts;
    long start = System.nanoTime();
    Throwable failure;
    try {
      invoke(live);
      metrics.handlerCall(System.nanoTime() - start);
      metrics.processed(live.size());
      live.forEach(this::finish);
      return true;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      metrics.handlerCall(System.nanoTime() - start);
      metrics.failed(live.size());
      failure = e;
    }
    // Records of revoked partitions (or all, after an aborted shutdown) are let go uncommitted:
    // the next owner of the partition gets them again.
    List<Work<K, V>> owned = new ArrayList<>(live.size());
    for (Work<K, V> work : live) {
      if (work.tracker.isRevoked()) {
        abandon(work);
      } else {
        owned.add(work);
      }
    }
    if (owned.isEmpty()) {
      return true;
    }
    live = owned;
    int maxAttempts = settings.retryPolicy().maxAttempts();
    boolean retryable = isRetryable(failure);
    if (attempt < maxAttempts && retryable && !aborted) {
      log.debug(
          "{}: attempt {} of {} failed for {}", settings.name(), attempt, live.size(), lane.key);
      retryLater(lane, live, settings.retryPolicy().backoffAfter(attempt));
      return false;
    }
    if (live.size() > 1) {
      live.forEach(work -> work.tracker.end());
      lane.isolated.addAll(live);
      return true;
    }
    Work<K, V> work = live.get(0);
    if (deadLetter(work, failure, attempt, retryable)) {
      finish(work);
      return true;
    }
    // The record stays uncommitted and its key blocked until the dead letter is written.
    lane.attempts = maxAttempts - 1;
    retryLater(lane, live, settings.retryPolicy().maxBackoff());
    return false;
  }

  /**
   * Whether trying again may help: not for a record that could not be deserialized, nor for a
   * failure with a {@link NonRetryableException} in its cause chain.
   */
  static boolean isRetryable(Throwable failure) {
    if (failure instanceof SerializationException) {
      return false;
    }
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (cause instanceof NonRetryableException) {
        return false;
      }
      cause = cause.getCause();
    }
    return true;
  }

  private void retryLater(Lane<K, V> lane, List<Work<K, V>> ready, Duration backoff) {
    ready.forEach(work -> work.tracker.end());
    lane.retrying = ready;
    try {
      retryTimer.schedule(() -> submit(lane), backoff.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("{}: retry of {} dropped, shutting down", settings.name(), lane.key);
    }
  }

  /** Decodes the records (once each) and calls the handler. */
  private void invoke(List<Work<K, V>> ready) throws Exception {
    for (Work<K, V> work : ready) {
      if (work.decoded == null) {
        work.decoded = decoded(work.raw);
      }
    }
    if (settings.handler() != null) {
      settings.handler().handle(ready.get(0).decoded);
      return;
    }
    List<ConsumerRecord<K, V>> records = new ArrayList<>(ready.size());
    for (Work<K, V> work : ready) {
      records.add(work.decoded);
    }
    settings.batchHandler().handle(records);
  }

  private ConsumerRecord<K, V> decoded(ConsumerRecord<byte[], byte[]> raw) {
    K key =
        raw.key() == null
            ? null
            : settings.keyDeserializer().deserialize(raw.topic(), raw.headers(), raw.key());
    V value =
        raw.value() == null
            ? null
            : settings.valueDeserializer().deserialize(raw.topic(), raw.headers(), raw.value());
    return new ConsumerRecord<>(
        raw.topic(),
        raw.partition(),
        raw.offset(),
        raw.timestamp(),
        raw.timestampType(),
        raw.serializedKeySize(),
        raw.serializedValueSize(),
        key,
        value,
        raw.headers(),
        raw.leaderEpoch());
  }

  private boolean deadLetter(Work<K, V> work, Throwable failure, int attempts, boolean retryable) {
    ConsumerRecord<byte[], byte[]> raw = work.raw;
    try {
      deadLetters.publish(raw, failure, attempts);
      metrics.deadLettered(retryable);
      log.warn(
          "{}: {}-{}@{} dead-lettered after {} attempts{}: {}",
          settings.name(),
          raw.topic(),
          raw.partition(),
          raw.offset(),
          attempts,
          retryable ? "" : " (not retryable)",
          failure.toString());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      log.error(
          "{}: could not dead-letter {}-{}@{}; its key waits",
          settings.name(),
          raw.topic(),
          raw.partition(),
          raw.offset(),
          e);
      return false;
    }
  }

  /** Lets a record go without completing it, so it stays uncommitted. */
  private void abandon(Work<K, V> work) {
    work.tracker.end();
    inFlight.decrementAndGet();
    signal();
  }

  /** Marks a record done: committable, no longer running, no longer in flight. */
  private void finish(Work<K, V> work) {
    work.tracker.complete(work.raw.offset());
    work.tracker.end();
    inFlight.decrementAndGet();
    signal();
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
