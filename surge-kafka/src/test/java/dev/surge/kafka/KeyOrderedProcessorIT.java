package dev.surge.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyOrderedProcessorIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /**
   * Retries after 20 ms, then after 10 minutes: a record tried twice keeps its key (and the commit)
   * past any test timeout.
   */
  private static final RetryPolicy SECOND_RETRY_NEVER_COMES =
      RetryPolicy.exponential(3, Duration.ofMillis(20), 30_000.0, Duration.ofMinutes(10));

  private static EmbeddedKafkaSupport kafka;
  private final List<KeyOrderedProcessor<String, String>> processors = new ArrayList<>();

  @BeforeAll
  static void startKafka() {
    kafka = new EmbeddedKafkaSupport();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @AfterEach
  void closeProcessors() {
    processors.forEach(p -> p.close(Duration.ofSeconds(5)));
  }

  private KeyOrderedProcessor.Builder<String, String> builder(String topic, String group) {
    return KeyOrderedProcessor.builder(new StringDeserializer(), new StringDeserializer())
        .bootstrapServers(kafka.bootstrapServers())
        .groupId(group)
        .topics(topic)
        .commitInterval(Duration.ofMillis(50))
        .pollTimeout(Duration.ofMillis(50));
  }

  private KeyOrderedProcessor<String, String> started(
      KeyOrderedProcessor.Builder<String, String> b) {
    KeyOrderedProcessor<String, String> processor = b.build();
    processors.add(processor);
    processor.start();
    return processor;
  }

  private static List<ProducerRecord<String, String>> keyed(String topic, int keys, int perKey) {
    return keyed(topic, keys, 0, perKey);
  }

  /** Sequence numbers {@code [fromSeq, toSeq)} for keys {@code k0..k(keys-1)}, round-robin. */
  private static List<ProducerRecord<String, String>> keyed(
      String topic, int keys, int fromSeq, int toSeq) {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int seq = fromSeq; seq < toSeq; seq++) {
      for (int k = 0; k < keys; k++) {
        records.add(new ProducerRecord<>(topic, "k" + k, Integer.toString(seq)));
      }
    }
    return records;
  }

  /** 100 records on keys {@code k0..k9} (offset {@code i} on key {@code k(i % 10)}). */
  private static List<ProducerRecord<String, String>> hundredWithBlockAt(
      String topic, int blocked) {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      records.add(new ProducerRecord<>(topic, "k" + i % 10, i == blocked ? "block" : "v" + i));
    }
    return records;
  }

  /** Offsets of {@link #hundredWithBlockAt} not held back by the blocked record's key lane. */
  private static Set<Long> unblockedBy(int blocked) {
    return LongRange.of(0, 100).stream()
        .filter(o -> o < blocked || o % 10 != blocked % 10)
        .collect(Collectors.toSet());
  }

  private void awaitCommittedToEnd(String group, String topic, int partitions) throws Exception {
    Map<Integer, Long> end = kafka.endOffsets(topic, partitions);
    await().atMost(WAIT).until(() -> kafka.committed(group, topic).equals(end));
  }

  @Test
  void keepsEachKeysOrderAndProcessesEveryRecordOnceWithKeysInParallel() throws Exception {
    String topic = kafka.topic(4);
    String group = kafka.group();
    Map<String, Queue<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> activePerKey = new ConcurrentHashMap<>();
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger processed = new AtomicInteger();
    kafka.send(keyed(topic, 200, 10));

    started(
        builder(topic, group)
            .concurrency(16)
            .maxInFlight(500)
            .pollBatchSize(100)
            .handler(
                record -> {
                  if (activePerKey
                          .computeIfAbsent(record.key(), k -> new AtomicInteger())
                          .incrementAndGet()
                      != 1) {
                    overlaps.incrementAndGet();
                  }
                  maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                  Thread.sleep(1);
                  seen.computeIfAbsent(record.key(), k -> new ConcurrentLinkedQueue<>())
                      .add(Integer.parseInt(record.value()));
                  active.decrementAndGet();
                  activePerKey.get(record.key()).decrementAndGet();
                  processed.incrementAndGet();
                }));

    await().atMost(WAIT).until(() -> processed.get() >= 2000);
    awaitCommittedToEnd(group, topic, 4);
    List<Integer> inOrder = IntStream.range(0, 10).boxed().toList();
    assertThat(seen).hasSize(200);
    seen.forEach((key, values) -> assertThat(List.copyOf(values)).as(key).isEqualTo(inOrder));
    assertThat(overlaps).hasValue(0);
    assertThat(maxActive.get()).isGreaterThan(1);
    assertThat(processed).hasValue(2000);
  }

  @Test
  void neverCommitsPastARecordStillRunning() throws Exception {
    String topic = kafka.topic(1);
    String group = kafka.group();
    kafka.send(hundredWithBlockAt(topic, 25));
    CountDownLatch release = new CountDownLatch(1);
    Set<Long> done = ConcurrentHashMap.newKeySet();

    started(
        builder(topic, group)
            .concurrency(4)
            .handler(
                record -> {
                  if (record.value().equals("block")) {
                    release.await();
                  }
                  done.add(record.offset());
                }));

    // Everything except offset 25 and the later records of its key (k5) finishes.
    Set<Long> unblocked = unblockedBy(25);
    await().atMost(WAIT).until(() -> done.containsAll(unblocked));
    await().atMost(WAIT).until(() -> kafka.committed(group, topic).getOrDefault(0, -1L) == 25L);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofMillis(700))
        .untilAsserted(() -> assertThat(kafka.committed(group, topic)).containsEntry(0, 25L));
    assertThat(done).hasSize(unblocked.size());

    release.countDown();
    awaitCommittedToEnd(group, topic, 1);
    assertThat(done).hasSize(100);
  }

  @Test
  void aConsumerClosedMidBatchLeavesExactlyItsUncommittedRecordsToTheNext() throws Exception {
    String topic = kafka.topic(1);
    String group = kafka.group();
    kafka.send(hundredWithBlockAt(topic, 50));
    Map<Long, Integer> first = new ConcurrentHashMap<>();
    Map<Long, Integer> second = new ConcurrentHashMap<>();
    Queue<Long> secondK0 = new ConcurrentLinkedQueue<>();
    MeterRegistry meters = new SimpleMeterRegistry();
    KeyOrderedProcessor<String, String> a =
        started(
            builder(topic, group)
                .name("first")
                .meterRegistry(meters)
                .concurrency(4)
                .handler(
                    record -> {
                      if (record.value().equals("block")) {
                        new CountDownLatch(1).await(); // until interrupted by the abort
                      }
                      first.merge(record.offset(), 1, Integer::sum);
                    }));
    Set<Long> unblocked = unblockedBy(50);
    await().atMost(WAIT).until(() -> first.keySet().containsAll(unblocked));
    await().atMost(WAIT).until(() -> kafka.committed(group, topic).getOrDefault(0, -1L) == 50L);

    a.close(Duration.ofMillis(300));

    assertThat(a.isRunning()).isFalse();
    assertThat(kafka.committed(group, topic)).containsEntry(0, 50L);
    assertThat(
            meters.counter(KeyOrderedProcessor.METRIC_DEAD_LETTERED, "processor", "first").count())
        .isZero();
    started(
        builder(topic, group)
            .name("second")
            .concurrency(4)
            .handler(
                record -> {
                  second.merge(record.offset(), 1, Integer::sum);
                  if (record.key().equals("k0")) {
                    secondK0.add(record.offset());
                  }
                }));
    awaitCommittedToEnd(group, topic, 1);

    Set<Long> uncommitted = LongRange.of(50, 100).stream().collect(Collectors.toSet());
    assertThat(second.keySet()).isEqualTo(uncommitted);
    assertThat(second.values()).containsOnly(1);
    assertThat(first.keySet()).isEqualTo(unblocked);
    assertThat(first.values()).containsOnly(1);
    // Duplicates are exactly the records the first consumer finished beyond its commit.
    Set<Long> duplicates =
        first.keySet().stream().filter(second::containsKey).collect(Collectors.toSet());
    assertThat(duplicates)
        .isEqualTo(unblocked.stream().filter(o -> o >= 50).collect(Collectors.toSet()));
    assertThat(List.copyOf(secondK0)).containsExactly(50L, 60L, 70L, 80L, 90L);
  }

  /** Eager (range) revokes every partition at once; cooperative (the default) only those moving. */
  @ParameterizedTest
  @ValueSource(classes = {RangeAssignor.class, CooperativeStickyAssignor.class})
  void processorsJoiningAndLeavingAGroupNeverRunAKeyAtOnceAndLoseNothing(Class<?> assignor)
      throws Exception {
    String topic = kafka.topic(6);
    String group = kafka.group();
    int keys = 60;
    int perKey = 30;
    Map<String, String> runningKeys = new ConcurrentHashMap<>();
    Map<String, Integer> processed = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> byProcessor = new ConcurrentHashMap<>();
    Queue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicBoolean slow = new AtomicBoolean();
    java.util.function.Function<String, RecordHandler<String, String>> handler =
        owner ->
            record -> {
              String previous = runningKeys.putIfAbsent(record.key(), owner);
              if (previous != null) {
                violations.add(
                    record.key() + "@" + record.offset() + " by " + owner + " and " + previous);
              }
              // Slow while C joins, so that rebalance meets records still running.
              Thread.sleep(slow.get() ? 500 : 2);
              runningKeys.remove(record.key(), owner);
              processed.merge(
                  record.topic() + "-" + record.partition() + "@" + record.offset(),
                  1,
                  Integer::sum);
              byProcessor.computeIfAbsent(owner, o -> new AtomicInteger()).incrementAndGet();
            };
    java.util.function.Function<String, KeyOrderedProcessor<String, String>> start =
        name ->
            started(
                builder(topic, group)
                    .name(name)
                    .consumerProperty(
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.getName())
                    .concurrency(8)
                    .handler(handler.apply(name)));

    // A alone drains a first wave; B joins while A is idle.
    kafka.send(keyed(topic, keys, 2));
    KeyOrderedProcessor<String, String> a = start.apply("a");
    await().atMost(WAIT).until(() -> processed.size() == keys * 2);
    start.apply("b");
    await().atMost(WAIT).until(() -> kafka.membersWithPartitions(group) == 2);
    // A second wave keeps A and B busy; C joins and later A leaves, both mid-drain.
    kafka.send(keyed(topic, keys, 2, perKey));
    await().atMost(WAIT).until(() -> processed.size() >= keys * 6);
    slow.set(true);
    start.apply("c");
    await().atMost(WAIT).until(() -> byProcessor.containsKey("c"));
    slow.set(false);
    a.close();
    awaitCommittedToEnd(group, topic, 6);

    assertThat(violations).isEmpty();
    assertThat(processed).hasSize(keys * perKey);
    assertThat(byProcessor.keySet()).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void retriesWithBackoffThenDeadLettersWithHeadersAndKeepsTheKeysOrder() throws Exception {
    String topic = kafka.topic(1);
    String group = kafka.group();
    kafka.send(
        List.of(
            new ProducerRecord<>(topic, "a", "ok1"),
            new ProducerRecord<>(topic, "a", "flaky"),
            new ProducerRecord<>(topic, "a", "poison"),
            new ProducerRecord<>(topic, "a", "ok2"),
            new ProducerRecord<>(topic, "b", "b1")));
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    MeterRegistry meters = new SimpleMeterRegistry();
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    Queue<String> handledA = new ConcurrentLinkedQueue<>();
    started(
        builder(topic, group)
            .name("retrying")
            .meterRegistry(meters)
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .retryPolicy(RetryPolicy.fixed(3, Duration.ofMillis(20)))
            .handler(
                record -> {
                  int attempt = attempt(attempts, record);
                  if (record.value().equals("poison")) {
                    throw new IllegalStateException("boom");
                  }
                  if (record.value().equals("flaky") && attempt < 3) {
                    throw new IllegalStateException("not yet");
                  }
                  if (record.key().equals("a")) {
                    handledA.add(record.value());
                  }
                }));

    awaitCommittedToEnd(group, topic, 1);
    assertThat(List.copyOf(handledA)).containsExactly("ok1", "flaky", "ok2");
    assertThat(attempts.get("flaky")).hasValue(3);
    assertThat(attempts.get("poison")).hasValue(3);
    List<ConsumerRecord<String, byte[]>> dead = deadLetters(topic, 1);
    assertThat(dead).hasSize(1);
    ConsumerRecord<String, byte[]> letter = dead.get(0);
    assertThat(letter.key()).isEqualTo("a");
    assertThat(new String(letter.value(), UTF_8)).isEqualTo("poison");
    assertThat(header(letter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(topic);
    assertThat(header(letter, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
    assertThat(header(letter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("2");
    assertThat(header(letter, DeadLetterHeaders.EXCEPTION_CLASS))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(header(letter, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("boom");
    assertThat(header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
    assertThat(header(letter, DeadLetterHeaders.FAILED_AT)).isEqualTo(now.toString());
    assertThat(header(letter, DeadLetterHeaders.PROCESSOR)).isEqualTo("retrying");
    assertThat(header(letter, DeadLetterHeaders.EXCEPTION_STACKTRACE)).contains("boom");
    assertThat(count(meters, KeyOrderedProcessor.METRIC_DEAD_LETTERED, "retrying")).isEqualTo(1);
    assertThat(count(meters, KeyOrderedProcessor.METRIC_FAILED, "retrying")).isEqualTo(5);
    assertThat(count(meters, KeyOrderedProcessor.METRIC_PROCESSED, "retrying")).isEqualTo(4);
  }

  /**
   * A retryable failure splits the batch after its retries; a non-retryable one at once, under a
   * policy whose second retry would outlast the test.
   */
  @ParameterizedTest(name = "nonRetryable={0}")
  @ValueSource(booleans = {false, true})
  void batchHandlerGetsAKeysWaitingRecordsTogetherAndIsolatesAPoisonRecord(boolean nonRetryable)
      throws Exception {
    String topic = kafka.topic(1);
    String group = kafka.group();
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(new ProducerRecord<>(topic, "v1", i == 2 ? "poison" : "r" + i));
    }
    for (int i = 0; i < 30; i++) {
      records.add(new ProducerRecord<>(topic, "v2", "s" + i));
    }
    kafka.send(records);
    Queue<String> handled = new ConcurrentLinkedQueue<>();
    Queue<Integer> sizes = new ConcurrentLinkedQueue<>();
    started(
        builder(topic, group)
            .retryPolicy(
                nonRetryable
                    ? SECOND_RETRY_NEVER_COMES
                    : RetryPolicy.fixed(2, Duration.ofMillis(10)))
            .maxKeyBatch(10)
            .batchHandler(
                batch -> {
                  sizes.add(batch.size());
                  assertThat(batch)
                      .extracting(ConsumerRecord::key)
                      .containsOnly(batch.get(0).key());
                  if (batch.stream().anyMatch(r -> r.value().equals("poison"))) {
                    throw nonRetryable
                        ? new NonRetryableException("bad batch")
                        : new IllegalArgumentException("bad batch");
                  }
                  batch.forEach(r -> handled.add(r.value()));
                }));

    awaitCommittedToEnd(group, topic, 1);
    List<String> v1 = handled.stream().filter(v -> v.startsWith("r")).toList();
    List<String> v2 = handled.stream().filter(v -> v.startsWith("s")).toList();
    assertThat(v1).containsExactly("r0", "r1", "r3", "r4");
    assertThat(v2).isEqualTo(IntStream.range(0, 30).mapToObj(i -> "s" + i).toList());
    assertThat(Collections.max(sizes)).isGreaterThan(1).isLessThanOrEqualTo(10);
    List<ConsumerRecord<String, byte[]>> dead = deadLetters(topic, 1);
    assertThat(dead).extracting(r -> new String(r.value(), UTF_8)).containsExactly("poison");
    assertThat(header(dead.get(0), DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("2");
    assertThat(header(dead.get(0), DeadLetterHeaders.ATTEMPTS)).isEqualTo(nonRetryable ? "1" : "2");
  }

  @Test
  void aNonRetryableFailureIsDeadLetteredAtOnceAndItsKeyGoesOn() throws Exception {
    String topic = kafka.topic(1);
    String group = kafka.group();
    kafka.send(
        List.of(
            new ProducerRecord<>(topic, "a", "ok1"),
            new ProducerRecord<>(topic, "a", "garbage"),
            new ProducerRecord<>(topic, "a", "ok2"),
            new ProducerRecord<>(topic, "b", "flaky"),
            new ProducerRecord<>(topic, "c", "wrapped"),
            new ProducerRecord<>(topic, "c", "c2")));
    MeterRegistry meters = new SimpleMeterRegistry();
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    Queue<String> handled = new ConcurrentLinkedQueue<>();
    started(
        builder(topic, group)
            .name("non-retryable")
            .meterRegistry(meters)
            .retryPolicy(SECOND_RETRY_NEVER_COMES)
            .handler(
                record -> {
                  int attempt = attempt(attempts, record);
                  switch (record.value()) {
                    case "garbage" ->
                        throw new NonRetryableException(
                            "cannot decode", new IllegalArgumentException("bad ordinal 7"));
                    case "wrapped" ->
                        throw new CompletionException(new NonRetryableException("async"));
                    case "flaky" -> {
                      if (attempt == 1) {
                        throw new IllegalStateException("shard down");
                      }
                    }
                    default -> {}
                  }
                  handled.add(record.value());
                }));

    awaitCommittedToEnd(group, topic, 1);
    assertThat(List.copyOf(handled)).containsExactlyInAnyOrder("ok1", "ok2", "flaky", "c2");
    assertThat(List.copyOf(handled)).containsSubsequence("ok1", "ok2");
    assertThat(attempts.get("garbage")).hasValue(1);
    assertThat(attempts.get("wrapped")).hasValue(1);
    assertThat(attempts.get("flaky")).hasValue(2);
    List<ConsumerRecord<String, byte[]>> dead = deadLetters(topic, 2);
    assertThat(dead)
        .extracting(r -> new String(r.value(), UTF_8))
        .containsExactlyInAnyOrder("garbage", "wrapped");
    ConsumerRecord<String, byte[]> letter =
        dead.stream().filter(r -> r.key().equals("a")).findFirst().orElseThrow();
    assertThat(header(letter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("1");
    assertThat(header(letter, DeadLetterHeaders.EXCEPTION_CLASS))
        .isEqualTo(NonRetryableException.class.getName());
    assertThat(header(letter, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("cannot decode");
    assertThat(header(letter, DeadLetterHeaders.EXCEPTION_STACKTRACE))
        .contains("Caused by: java.lang.IllegalArgumentException: bad ordinal 7");
    assertThat(header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
    assertThat(header(letter, DeadLetterHeaders.PROCESSOR)).isEqualTo("non-retryable");
    assertThat(count(meters, KeyOrderedProcessor.METRIC_DEAD_LETTERED, "non-retryable"))
        .isEqualTo(2);
    assertThat(count(meters, KeyOrderedProcessor.METRIC_NON_RETRYABLE, "non-retryable"))
        .isEqualTo(2);
    assertThat(count(meters, KeyOrderedProcessor.METRIC_FAILED, "non-retryable")).isEqualTo(3);
    assertThat(count(meters, KeyOrderedProcessor.METRIC_PROCESSED, "non-retryable")).isEqualTo(4);
  }

  @Test
  void pausesWhenInFlightRecordsReachTheBoundAndResumesAsTheyFinish() throws Exception {
    String topic = kafka.topic(1);
    String group = kafka.group();
    kafka.send(keyed(topic, 50, 4));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    AtomicInteger processed = new AtomicInteger();
    MeterRegistry meters = new SimpleMeterRegistry();
    KeyOrderedProcessor<String, String> processor =
        started(
            builder(topic, group)
                .name("bounded")
                .meterRegistry(meters)
                .concurrency(4)
                .maxInFlight(20)
                .pollBatchSize(10)
                .handler(
                    record -> {
                      entered.incrementAndGet();
                      release.await();
                      processed.incrementAndGet();
                    }));

    await()
        .atMost(WAIT)
        .until(() -> gauge(meters, KeyOrderedProcessor.METRIC_PAUSED, "bounded") == 1);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofMillis(700))
        .untilAsserted(
            () -> {
              assertThat(processor.inFlight()).isBetween(11, 20);
              assertThat(gauge(meters, KeyOrderedProcessor.METRIC_IN_FLIGHT, "bounded"))
                  .isBetween(11.0, 20.0);
            });
    assertThat(entered).hasValue(4);
    assertThat(processed).hasValue(0);

    AtomicInteger maxInFlight = new AtomicInteger();
    CompletableFuture<Void> sampler =
        CompletableFuture.runAsync(
            () -> {
              while (processed.get() < 200) {
                maxInFlight.accumulateAndGet(processor.inFlight(), Math::max);
                Thread.onSpinWait();
              }
            });
    release.countDown();
    awaitCommittedToEnd(group, topic, 1);
    sampler.get(10, TimeUnit.SECONDS);
    assertThat(processed).hasValue(200);
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(20);
    await()
        .atMost(WAIT)
        .until(() -> gauge(meters, KeyOrderedProcessor.METRIC_PAUSED, "bounded") == 0);
  }

  @Test
  void closeLetsInFlightRecordsFinishAndCommitsThem() throws Exception {
    String topic = kafka.topic(1);
    String group = kafka.group();
    kafka.send(keyed(topic, 20, 1));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    KeyOrderedProcessor<String, String> processor =
        started(
            builder(topic, group)
                .concurrency(4)
                .handler(
                    record -> {
                      entered.incrementAndGet();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                      }
                      completed.incrementAndGet();
                    }));
    await().atMost(WAIT).until(() -> entered.get() == 4 && processor.inFlight() == 20);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(processor::close);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(closing).isNotDone();
              assertThat(completed).hasValue(0);
            });
    release.countDown();
    closing.get(30, TimeUnit.SECONDS);

    assertThat(completed).hasValue(20);
    assertThat(interrupted).hasValue(0);
    assertThat(processor.inFlight()).isZero();
    assertThat(processor.isRunning()).isFalse();
    assertThat(kafka.committed(group, topic)).containsEntry(0, 20L);
  }

  /** Counts a try of the record's value; returns its number, 1 for the first. */
  private static int attempt(
      Map<String, AtomicInteger> attempts, ConsumerRecord<String, String> record) {
    return attempts.computeIfAbsent(record.value(), v -> new AtomicInteger()).incrementAndGet();
  }

  /** The first {@code count} records of the topic's default dead-letter topic. */
  private static List<ConsumerRecord<String, byte[]>> deadLetters(String topic, int count) {
    return kafka.readAll(topic + KeyOrderedProcessor.DEFAULT_DEAD_LETTER_SUFFIX, count, WAIT);
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }

  private static double count(MeterRegistry meters, String name, String processor) {
    return meters.get(name).tag(KeyOrderedProcessor.TAG_PROCESSOR, processor).counter().count();
  }

  private static double gauge(MeterRegistry meters, String name, String processor) {
    return meters.get(name).tag(KeyOrderedProcessor.TAG_PROCESSOR, processor).gauge().value();
  }

  /** Offsets {@code [from, to)}. */
  private record LongRange(long from, long to) {
    static LongRange of(long from, long to) {
      return new LongRange(from, to);
    }

    java.util.stream.Stream<Long> stream() {
      return java.util.stream.LongStream.range(from, to).boxed();
    }
  }
}
