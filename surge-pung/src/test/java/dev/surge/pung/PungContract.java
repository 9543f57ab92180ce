package dev.surge.pung;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.surge.pung.internal.FanoutMessage;
import dev.surge.testkit.InProcessKafka;
import dev.surge.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pung feed end to end on one engine: posting with the outbox, the relay publishing to an
 * in-process Kafka, surge-kafka consumers fanning out into two inbox shards, revisions in the
 * machine's Redis (run-unique prefix), and the push and pull readers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PungContract {

  static final Duration WAIT = Duration.ofSeconds(60);

  TestDatabases db;
  InProcessKafka kafka;
  private RedissonClient redis;
  private KafkaProducer<String, byte[]> producer;
  private String prefix;
  String topic;
  private FanoutConsumer consumer;
  private final PungHarness.Counting counting = new PungHarness.Counting();
  SettableClock clock;
  PungSystem system;
  PungSystem pull;
  long base;

  abstract TestDatabases.Engine engine();

  @BeforeAll
  void start() throws Exception {
    db = new TestDatabases(engine());
    kafka = InProcessKafka.start();
    redis = PungHarness.redis();
    prefix = PungHarness.prefix();
    producer = PungHarness.producer(kafka.bootstrapServers());
    topic = "pung-fanout";
    kafka.createTopic(topic, 3);
    clock = SettableClock.startingNow();
    system =
        PungHarness.system(
                db,
                counting.wrapAll(db.shards),
                counting.wrap(db.main),
                redis,
                prefix,
                producer,
                topic,
                clock)
            .build();
    pull =
        PungHarness.system(db, db.shards, db.main, redis, prefix, producer, topic, clock)
            .readModel(ReadModel.PULL)
            .build();
    system.relay().start();
    consumer =
        FanoutConsumer.create(system, kafka.bootstrapServers(), "g-" + prefix, 4, Map.of(), null);
    consumer.start();
  }

  @AfterAll
  void stop() {
    if (consumer != null) {
      consumer.close();
    }
    if (system != null) {
      system.relay().close();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(2));
    }
    if (redis != null) {
      redis.getKeys().deleteByPattern(prefix + "*");
      redis.shutdown();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void freshUsersAtTheRealTime() {
    base = PungHarness.userBase();
    clock.set(Instant.now()); // tests that expire pungs move it forward
  }

  long user(int n) {
    return base + n;
  }

  void befriend(long user, long... friends) {
    for (long f : friends) {
      system.friends().befriend(user, f);
    }
  }

  List<Long> feedIds(PungSystem s, long viewer) {
    List<Long> ids = new ArrayList<>();
    String cursor = null;
    do {
      FeedResult.Page page = (FeedResult.Page) s.feed().read(viewer, null, 200, cursor);
      page.items().forEach(i -> ids.add(i.id()));
      cursor = page.nextCursor();
    } while (cursor != null);
    return ids;
  }

  void awaitFeed(long viewer, List<Long> expected) {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(feedIds(system, viewer)).isEqualTo(expected));
  }

  /**
   * Befriends author and viewer, posts to all friends and waits until the viewer's feed shows it.
   */
  Pung postSeenBy(long author, long viewer, String text) {
    befriend(author, viewer);
    Pung pung = system.pungs().post(author, text, Audience.allFriends());
    awaitFeed(viewer, List.of(pung.id()));
    return pung;
  }

  /** Reads the viewer's revision and asserts that holding it answers NotModified. */
  String currentRevision(long viewer) {
    String revision = system.feed().read(viewer, null, 50, null).revision();
    assertThat(system.feed().read(viewer, revision, 50, null))
        .isInstanceOf(FeedResult.NotModified.class);
    return revision;
  }

  /** Asserts that {@code viewer} cannot get the pung. */
  void assertHiddenFrom(long viewer, long pungId) {
    assertThatThrownBy(() -> system.pungs().get(viewer, pungId)).isInstanceOf(PungException.class);
  }

  long inboxRows(long pungId) {
    long n = 0;
    for (var shard : db.shards) {
      n +=
          new JdbcTemplate(shard)
              .queryForObject(
                  "SELECT COUNT(*) FROM pung_inbox WHERE pung_id = ?", Long.class, pungId);
    }
    return n;
  }

  @Test
  void fanOutReachesEveryFriendOnItsShardForAudiencesOf1To5000() {
    for (int size : new int[] {1, 37, 5000}) {
      long author = user(0);
      long[] friends = LongStream.rangeClosed(1, size).map(i -> author + 10_000 + i).toArray();
      long stranger = author + 9_999;
      befriend(author, friends);
      Pung pung = system.pungs().post(author, "hello " + size, Audience.allFriends());
      assertThat(pung.audienceSize()).isEqualTo(size);

      await().atMost(WAIT).until(() -> inboxRows(pung.id()) == size);
      for (int shard = 0; shard < db.shards.size(); shard++) {
        List<Long> viewers =
            new JdbcTemplate(db.shards.get(shard))
                .queryForList(
                    "SELECT viewer_id FROM pung_inbox WHERE pung_id = ?", Long.class, pung.id());
        for (long viewer : viewers) {
          assertThat(system.shardMap().shardOf(viewer)).isEqualTo(shard);
        }
      }
      awaitFeed(friends[0], List.of(pung.id()));
      awaitFeed(friends[size - 1], List.of(pung.id()));
      assertThat(feedIds(system, stranger)).isEmpty();
      assertThat(feedIds(system, author)).isEmpty();
      assertThat(system.pungs().get(friends[size / 2], pung.id()).text())
          .isEqualTo("hello " + size);
      assertHiddenFrom(stranger, pung.id());
      base = PungHarness.userBase();
    }
  }

  @Test
  void selectedAudienceSeesItOthersDoNotAndStrangersAreRefused() {
    long author = user(0);
    befriend(author, user(1), user(2), user(3));
    Pung pung = system.pungs().post(author, "just you", Audience.selected(Set.of(user(1))));
    awaitFeed(user(1), List.of(pung.id()));
    assertThat(feedIds(system, user(2))).isEmpty();
    assertThatThrownBy(() -> system.pungs().get(user(2), pung.id()))
        .isInstanceOfSatisfying(
            PungException.class,
            e -> assertThat(e.reason()).isEqualTo(PungException.Reason.NOT_FOUND));
    assertThatThrownBy(
            () -> system.pungs().post(author, "x", Audience.selected(Set.of(user(1), user(9)))))
        .isInstanceOfSatisfying(
            PungException.class,
            e -> assertThat(e.reason()).isEqualTo(PungException.Reason.NOT_FRIENDS));
  }

  @Test
  void redeliveryAndReorderingWriteNoDuplicatesAndRemovalsStick() {
    long author = user(0);
    long pungId = PungHarness.nextId();
    long now = clock.millis();
    long[] viewers = {user(1), user(2), user(3), user(4)};
    FanoutMessage add =
        new FanoutMessage(FanoutMessage.Kind.ADD, pungId, author, "t", now, now + 60_000, viewers);
    FanoutMessage remove =
        new FanoutMessage(
            FanoutMessage.Kind.REMOVE,
            pungId,
            author,
            "t",
            now,
            now + 60_000,
            new long[] {user(2)});
    system.fanout().handle(List.of(FanoutMessage.decode(add.encode()), add));
    system.fanout().handle(List.of(add));
    assertThat(inboxRows(pungId)).isEqualTo(4);
    system.fanout().handle(List.of(remove, add, remove));
    system.fanout().handle(List.of(add));
    assertThat(inboxRows(pungId)).isEqualTo(4);
    assertThat(feedIds(system, user(1))).containsExactly(pungId);
    assertThat(feedIds(system, user(2))).isEmpty();
  }

  @Test
  void deleteIsImmediateForReadsAndFansOutRemoval() {
    long author = user(0);
    befriend(author, user(1), user(2));
    Pung older = system.pungs().post(author, "stays", Audience.allFriends());
    Pung pung = system.pungs().post(author, "goes", Audience.allFriends());
    awaitFeed(user(1), List.of(pung.id(), older.id()));
    assertThatThrownBy(() -> system.pungs().delete(user(1), pung.id()))
        .isInstanceOf(PungException.class);

    system.pungs().delete(author, pung.id());

    assertHiddenFrom(author, pung.id());
    assertHiddenFrom(user(1), pung.id());
    awaitFeed(user(1), List.of(older.id()));
    awaitFeed(user(2), List.of(older.id()));
    assertThatThrownBy(() -> system.pungs().delete(author, pung.id()))
        .isInstanceOf(PungException.class);
  }

  @Test
  void unfriendingRemovesEachOnesPungsFromTheOthersFeedBothWays() {
    long a = user(0);
    long b = user(1);
    long c = user(2);
    befriend(a, b, c);
    befriend(b, c);
    Pung fromA = system.pungs().post(a, "a", Audience.allFriends());
    Pung fromB = system.pungs().post(b, "b", Audience.allFriends());
    awaitFeed(b, List.of(fromA.id()));
    awaitFeed(a, List.of(fromB.id()));
    awaitFeed(c, List.of(fromB.id(), fromA.id()));

    system.friends().unfriend(b, a);

    assertThat(system.friends().friends(a)).containsExactly(c);
    assertHiddenFrom(b, fromA.id());
    assertHiddenFrom(a, fromB.id());
    assertThat(feedIds(pull, b)).isEmpty();
    awaitFeed(b, List.of());
    awaitFeed(a, List.of());
    assertThat(feedIds(system, c)).containsExactly(fromB.id(), fromA.id());
    system.friends().unfriend(a, b);
  }

  @Test
  void currentRevisionIsAnsweredWithoutAnyDatabaseAccessAndMovesOnChange() {
    long author = user(0);
    long viewer = user(1);
    Pung first = postSeenBy(author, viewer, "one");
    FeedResult.Page page = (FeedResult.Page) system.feed().read(viewer, null, 50, null);

    int before = counting.mine();
    FeedResult again = system.feed().read(viewer, page.revision(), 50, null);
    assertThat(again).isInstanceOf(FeedResult.NotModified.class);
    assertThat(counting.mine()).isEqualTo(before);
    FeedResult.Page full = (FeedResult.Page) system.feed().read(viewer, "other", 50, null);
    assertThat(full.items()).extracting(FeedItem::id).containsExactly(first.id());

    Pung second = system.pungs().post(author, "two", Audience.allFriends());
    await()
        .atMost(WAIT)
        .until(
            () -> system.feed().read(viewer, page.revision(), 50, null) instanceof FeedResult.Page);
    FeedResult.Page changed =
        (FeedResult.Page) system.feed().read(viewer, page.revision(), 50, null);
    assertThat(changed.items()).extracting(FeedItem::id).containsExactly(second.id(), first.id());
    assertThat(revisionNumber(changed)).isGreaterThan(revisionNumber(page));
  }

  @Test
  void redisLosingARevisionNeverAnswersAStaleNotModified() {
    long author = user(0);
    long viewer = user(1);
    Pung pung = postSeenBy(author, viewer, "x");
    FeedResult old = system.feed().read(viewer, null, 50, null);

    system.revisions().forget(viewer);

    FeedResult after = system.feed().read(viewer, old.revision(), 50, null);
    assertThat(after).isInstanceOf(FeedResult.Page.class);
    assertThat(revisionNumber(after)).isGreaterThan(revisionNumber(old));
  }

  /** The revision a page was read at, without the horizon its tag carries. */
  static long revisionNumber(FeedResult result) {
    return Long.parseLong(FeedTag.parse(result.revision()).revision());
  }

  @Test
  void aPageStopsBeingNotModifiedWhenOneOfItsItemsExpires() {
    long author = user(0);
    long viewer = user(1);
    Pung lasting = postSeenBy(author, viewer, "lasting");
    String before = currentRevision(viewer);

    long now = clock.millis();
    long brief = PungHarness.nextId();
    system.fanout().handle(List.of(added(brief, author, now, now + 60_000, viewer)));
    FeedResult.Page changed = (FeedResult.Page) system.feed().read(viewer, before, 50, null);
    assertThat(changed.items()).extracting(FeedItem::id).containsExactly(brief, lasting.id());
    assertThat(system.feed().read(viewer, changed.revision(), 50, null))
        .isInstanceOf(FeedResult.NotModified.class);

    clock.advance(Duration.ofMinutes(2));
    FeedResult after = system.feed().read(viewer, changed.revision(), 50, null);
    assertThat(after).isInstanceOf(FeedResult.Page.class);
    assertThat(((FeedResult.Page) after).items())
        .extracting(FeedItem::id)
        .containsExactly(lasting.id());
  }

  @Test
  void aPageStopsBeingNotModifiedWhenTheRowBehindItExpiresSoItsNextCursorStaysTrue() {
    long author = user(0);
    long viewer = user(1);
    long newer = fanOutInIdOrder(author, new long[] {viewer}, 60_000, 3_600_000)[1];

    FeedResult.Page first = (FeedResult.Page) system.feed().read(viewer, null, 1, null);
    assertThat(first.items()).extracting(FeedItem::id).containsExactly(newer);
    assertThat(first.nextCursor()).isEqualTo(Long.toString(newer));
    assertThat(system.feed().read(viewer, first.revision(), 1, null))
        .isInstanceOf(FeedResult.NotModified.class);

    clock.advance(Duration.ofMinutes(2));
    FeedResult after = system.feed().read(viewer, first.revision(), 1, null);
    assertThat(after)
        .isInstanceOfSatisfying(
            FeedResult.Page.class,
            p -> {
              assertThat(p.items()).extracting(FeedItem::id).containsExactly(newer);
              assertThat(p.nextCursor()).isNull();
            });
  }

  @Test
  void aFanOutAcrossSeveralScriptChunksMovesEveryViewerHoldingARevisionAndNoOther() {
    long author = user(0);
    long[] viewers = LongStream.rangeClosed(1, 2_401).map(i -> author + 10_000 + i).toArray();
    Map<Long, String> held = new HashMap<>();
    for (int i = 0; i < viewers.length; i += 2) {
      held.put(viewers[i], system.feed().read(viewers[i], null, 50, null).revision());
    }
    long pung = PungHarness.nextId();
    long now = clock.millis();
    system.fanout().handle(List.of(added(pung, author, now, now + 60_000, viewers)));

    for (int i = 0; i < viewers.length; i++) {
      long viewer = viewers[i];
      if (held.containsKey(viewer)) {
        assertThat(system.feed().read(viewer, held.get(viewer), 50, null))
            .as("viewer %d", viewer)
            .isInstanceOfSatisfying(
                FeedResult.Page.class,
                p -> assertThat(p.items()).extracting(FeedItem::id).containsExactly(pung));
      } else {
        assertThat(redis.getBucket(system.revisions().key(viewer)).isExists())
            .as("viewer %d", viewer)
            .isFalse();
      }
    }
  }

  @Test
  void aTagAnswersNotModifiedForEveryPageOfItsViewerButNotForAnotherViewer() {
    long author = user(0);
    long viewer = user(1);
    // A second viewer on the same shard: one bump gives both the same revision number.
    long other =
        IntStream.rangeClosed(2, 200)
            .mapToLong(this::user)
            .filter(u -> system.shardMap().shardOf(u) == system.shardMap().shardOf(viewer))
            .findFirst()
            .orElseThrow();
    system.feed().read(viewer, null, 1, null);
    system.feed().read(other, null, 1, null);
    fanOutInIdOrder(author, new long[] {viewer, other}, 3_600_000, 7_200_000);

    FeedResult.Page first = (FeedResult.Page) system.feed().read(viewer, null, 1, null);
    String tag = first.revision();
    assertThat(system.feed().read(viewer, tag, 1, null)).isInstanceOf(FeedResult.NotModified.class);
    assertThat(system.feed().read(viewer, tag, 2, null)).isInstanceOf(FeedResult.NotModified.class);
    assertThat(system.feed().read(viewer, tag, 1, first.nextCursor()))
        .isInstanceOf(FeedResult.NotModified.class);
    FeedResult.Page second =
        (FeedResult.Page) system.feed().read(viewer, null, 1, first.nextCursor());
    assertThat(second.revision()).isEqualTo(tag);
    FeedResult.Page theirs = (FeedResult.Page) system.feed().read(other, tag, 1, null);
    assertThat(revisionNumber(theirs)).isEqualTo(revisionNumber(first));
  }

  @Test
  void aFirstPageTagEndsWhenAnOlderItemBeyondThePageExpires() {
    long author = user(0);
    long viewer = user(1);
    long[] ids = fanOutInIdOrder(author, new long[] {viewer}, 60_000, 3_600_000, 7_200_000);
    long middle = ids[1];
    long newest = ids[2];

    FeedResult.Page first = (FeedResult.Page) system.feed().read(viewer, null, 1, null);
    assertThat(first.items()).extracting(FeedItem::id).containsExactly(newest);
    assertThat(system.feed().read(viewer, first.revision(), 1, null))
        .isInstanceOf(FeedResult.NotModified.class);

    clock.advance(Duration.ofMinutes(2));
    assertThat(system.feed().read(viewer, first.revision(), 1, null))
        .isInstanceOf(FeedResult.Page.class);
    assertThat(feedIds(system, viewer)).containsExactly(newest, middle);
  }

  @Test
  void fanOutLeavesAViewerWithoutARevisionWithoutOneAndTheFirstReadIsFresh() {
    long viewer = user(1);
    long pung = PungHarness.nextId();
    long now = clock.millis();
    system.fanout().handle(List.of(added(pung, user(0), now, now + 60_000, viewer)));

    assertThat(redis.getBucket(system.revisions().key(viewer)).isExists()).isFalse();
    FeedResult.Page page = (FeedResult.Page) system.feed().read(viewer, "1", 50, null);
    assertThat(page.items()).extracting(FeedItem::id).containsExactly(pung);
    assertThat(system.feed().read(viewer, page.revision(), 50, null))
        .isInstanceOf(FeedResult.NotModified.class);
  }

  /**
   * Fans out one new pung per lifetime to {@code viewers}, in increasing id order, each expiring
   * that long from now; returns their ids, oldest first.
   */
  private long[] fanOutInIdOrder(long author, long[] viewers, long... lifetimesMillis) {
    long now = clock.millis();
    long[] ids = new long[lifetimesMillis.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = PungHarness.nextId();
      system
          .fanout()
          .handle(List.of(added(ids[i], author, now, now + lifetimesMillis[i], viewers)));
    }
    return ids;
  }

  private static FanoutMessage added(
      long pungId, long author, long createdAt, long expiresAt, long... viewers) {
    return new FanoutMessage(
        FanoutMessage.Kind.ADD, pungId, author, "added", createdAt, expiresAt, viewers);
  }

  @Test
  void expiredPungsLeaveFeedsEvenForACachedRevisionAndArePurged() {
    long author = user(0);
    long viewer = user(1);
    Pung pung = postSeenBy(author, viewer, "brief");
    String revision = currentRevision(viewer);

    clock.advance(PungHarness.TTL.plusSeconds(1));
    FeedResult after = system.feed().read(viewer, revision, 50, null);
    assertThat(after).isInstanceOf(FeedResult.Page.class);
    assertThat(((FeedResult.Page) after).items()).isEmpty();
    assertThat(feedIds(pull, viewer)).isEmpty();
    assertHiddenFrom(viewer, pung.id());
    assertThat(system.purge().run()).isGreaterThanOrEqualTo(2);
    assertThat(inboxRows(pung.id())).isZero();
  }

  @Test
  void pullReaderAgreesWithPushReader() {
    long author1 = user(0);
    long author2 = user(1);
    long viewer = user(2);
    befriend(viewer, author1, author2);
    List<Long> posted = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      posted.add(
          0,
          system.pungs().post(i % 2 == 0 ? author1 : author2, "p" + i, Audience.allFriends()).id());
      clock.advance(Duration.ofSeconds(1)); // each pung its own expiry
    }
    awaitFeed(viewer, posted);
    assertThat(feedIds(pull, viewer)).isEqualTo(posted);
    FeedResult.Page first = (FeedResult.Page) system.feed().read(viewer, null, 3, null);
    FeedResult.Page second =
        (FeedResult.Page) pull.feed().read(viewer, null, 3, first.nextCursor());
    assertThat(first.items()).extracting(FeedItem::id).isEqualTo(posted.subList(0, 3));
    assertThat(second.items()).extracting(FeedItem::id).isEqualTo(posted.subList(3, 6));
    // Both readers find the oldest item's expiry beyond their pages, so the tags agree.
    FeedResult.Page head = (FeedResult.Page) system.feed().read(viewer, null, 2, null);
    FeedResult.Page middle = (FeedResult.Page) pull.feed().read(viewer, null, 2, head.nextCursor());
    assertThat(middle.revision()).isEqualTo(head.revision());
  }

  @Test
  void clientsPollingDuringConcurrentPostsConvergeOnTheTrueFeed() throws Exception {
    int authors = 4;
    int viewers = 3;
    long[] viewerIds = LongStream.range(0, viewers).map(i -> user(100 + (int) i)).toArray();
    for (int a = 0; a < authors; a++) {
      befriend(user(a), viewerIds);
    }
    Map<Long, String> revision = new ConcurrentHashMap<>();
    Map<Long, List<Long>> cached = new ConcurrentHashMap<>();
    AtomicBoolean posting = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(authors + viewers);
    try {
      List<Future<?>> writers = new ArrayList<>();
      Set<Long> all = ConcurrentHashMap.newKeySet();
      for (int a = 0; a < authors; a++) {
        long author = user(a);
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 15; i++) {
                    all.add(system.pungs().post(author, "c" + i, Audience.allFriends()).id());
                  }
                }));
      }
      List<Future<?>> readers = new ArrayList<>();
      for (long viewer : viewerIds) {
        readers.add(
            pool.submit(
                () -> {
                  while (posting.get()) {
                    poll(viewer, revision, cached);
                  }
                }));
      }
      for (Future<?> w : writers) {
        w.get();
      }
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                for (long viewer : viewerIds) {
                  assertThat(new HashSet<>(feedIds(pull, viewer))).isEqualTo(all);
                }
              });
      posting.set(false);
      for (Future<?> r : readers) {
        r.get();
      }
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                for (long viewer : viewerIds) {
                  poll(viewer, revision, cached);
                  assertThat(new HashSet<>(cached.get(viewer))).isEqualTo(all);
                }
              });
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void racingBefriendUnfriendAndPostsNeverFail() throws Exception {
    long a = user(0);
    long b = user(1);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int round = 0; round < 10; round++) {
        all.add(pool.submit(() -> system.friends().befriend(a, b)));
        all.add(pool.submit(() -> system.friends().befriend(b, a)));
        all.add(pool.submit(() -> system.pungs().post(a, "race", Audience.allFriends())));
        all.add(pool.submit(() -> system.pungs().post(b, "race", Audience.allFriends())));
        all.add(pool.submit(() -> system.friends().unfriend(a, b)));
        all.add(pool.submit(() -> system.friends().unfriend(b, a)));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    system.friends().unfriend(a, b);
    assertThat(system.friends().friends(a)).isEmpty();
    awaitFeed(a, List.of());
    awaitFeed(b, List.of());
  }

  private void poll(long viewer, Map<Long, String> revision, Map<Long, List<Long>> cached) {
    FeedResult result = system.feed().read(viewer, revision.get(viewer), 200, null);
    if (result instanceof FeedResult.Page page) {
      revision.put(viewer, page.revision());
      cached.put(viewer, page.items().stream().map(FeedItem::id).toList());
    }
  }
}
