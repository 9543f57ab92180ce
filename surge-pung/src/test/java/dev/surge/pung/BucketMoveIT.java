package dev.surge.pung;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.surge.pung.internal.FanoutMessage;
import dev.surge.testkit.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The resharding procedure of docs/pung.md run by {@link BucketMover}: buckets 768-1023 move from
 * shard 1 (PostgreSQL) to a new shard 2 (MariaDB), and back. Inbox rows are written by the fan-out
 * handler under the old map ({@code before}) or the new one ({@code after}); the machine's Redis
 * holds revisions under a per-test prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BucketMoveIT {

  static final BucketRange MOVED = new BucketRange(768, 1023);
  static final String BEFORE = "0-511=0,512-1023=1";
  static final String AFTER = "0-511=0,512-767=1,768-1023=2";

  /** A small page and batch, so copies and purges cross many page boundaries. */
  static final int BATCH = 7;

  private TestDatabases postgres;
  private TestDatabases mariadb;
  private List<DataSource> shards;
  private RedissonClient redis;
  private final MockProducer<String, byte[]> producer = new MockProducer<>();
  private String prefix;
  private SettableClock clock;
  private PungSystem before;
  private PungSystem after;
  private long base;

  @BeforeAll
  void start() {
    postgres = new TestDatabases(TestDatabases.Engine.POSTGRES, "pung_move_it");
    mariadb = new TestDatabases(TestDatabases.Engine.MARIADB, "pung_move_it");
    shards = List.of(postgres.shards.get(0), postgres.shards.get(1), mariadb.shards.get(0));
    redis = PungHarness.redis();
  }

  @BeforeEach
  void emptyShardsAndFreshSystems() {
    shards.forEach(s -> new JdbcTemplate(s).update("DELETE FROM pung_inbox"));
    prefix = PungHarness.prefix();
    clock = SettableClock.startingNow();
    before = system(BEFORE);
    after = system(AFTER);
    base = PungHarness.userBase();
  }

  @AfterEach
  void forgetRevisions() {
    redis.getKeys().deleteByPattern(prefix + "*");
  }

  @AfterAll
  void stop() {
    if (redis != null) {
      redis.shutdown();
    }
    if (postgres != null) {
      postgres.close();
    }
    if (mariadb != null) {
      mariadb.close();
    }
  }

  @Test
  void copyWritesExactlyTheRangeWithItsTombstonesAndCanBeRepeated() {
    fanOut(viewers());
    List<Row> source = rows(1);
    List<Row> other = rows(0);
    List<Row> moved = in(source, MOVED);
    assertThat(moved).hasSizeGreaterThan(5 * BATCH).anyMatch(Row::tombstone);
    assertThat(moved).hasSizeLessThan(source.size());
    assertThat(rows(2)).isEmpty();

    assertThat(before.buckets().copy(MOVED, 1, 2)).isEqualTo(moved.size());
    assertThat(rows(2)).isEqualTo(moved);
    assertThat(rows(1)).isEqualTo(source);
    assertThat(rows(0)).isEqualTo(other);

    assertThat(before.buckets().copy(MOVED, 1, 2)).isEqualTo(moved.size());
    assertThat(rows(2)).isEqualTo(moved);
  }

  @Test
  void copyKeepsWhatFanOutAlreadyWroteOnTheTargetAndTombstonesWin() {
    long viewer = viewersIn(MOVED, 1).get(0);
    long removedAtSource = PungHarness.nextId();
    long removedAtTarget = PungHarness.nextId();
    long onlyAtTarget = PungHarness.nextId();
    long onlyAtSource = PungHarness.nextId();
    before.fanout().handle(List.of(add(removedAtSource, viewer), remove(removedAtSource, viewer)));
    after.fanout().handle(List.of(add(removedAtSource, viewer)));
    before.fanout().handle(List.of(add(removedAtTarget, viewer)));
    after.fanout().handle(List.of(remove(removedAtTarget, viewer)));
    after.fanout().handle(List.of(add(onlyAtTarget, viewer)));
    before.fanout().handle(List.of(add(onlyAtSource, viewer)));
    assertThat(rows(2)).extracting(Row::tombstone).containsExactly(false, true, false);

    before.buckets().copy(MOVED, 1, 2);

    assertThat(rows(2))
        .extracting(Row::pungId, Row::tombstone, Row::body)
        .containsExactly(
            tuple(removedAtSource, true, ""),
            tuple(removedAtTarget, true, ""),
            tuple(onlyAtTarget, false, "p" + onlyAtTarget),
            tuple(onlyAtSource, false, "p" + onlyAtSource));
    assertThat(feed(after, viewer))
        .extracting(FeedItem::id)
        .containsExactly(onlyAtSource, onlyAtTarget);
  }

  @Test
  void afterTheSwitchMovedViewersReadTheSameFeedAndOnlyTheyAreBumped() {
    List<Long> viewers = viewers();
    fanOut(viewers);
    Map<Long, List<FeedItem>> feeds = new LinkedHashMap<>();
    Map<Long, String> revisions = new LinkedHashMap<>();
    for (long viewer : viewers) {
      feeds.put(viewer, feed(before, viewer));
      revisions.put(
          viewer, before.feed().read(viewer, null, FeedService.MAX_LIMIT, null).revision());
    }
    assertThat(feeds.values()).allMatch(items -> items.size() >= 2);

    before.buckets().copy(MOVED, 1, 2);

    for (long viewer : viewers) {
      assertThat(feed(after, viewer)).as("viewer %d", viewer).isEqualTo(feeds.get(viewer));
      FeedResult again = after.feed().read(viewer, revisions.get(viewer), 50, null);
      boolean moved = MOVED.contains(after.shardMap().bucketOf(viewer));
      assertThat(again)
          .as("viewer %d", viewer)
          .isInstanceOf(moved ? FeedResult.Page.class : FeedResult.NotModified.class);
    }
  }

  @Test
  void copiedRowsMoveTheRevisionOfAFeedAlreadyReadOnTheTargetAndExpireFromIt() {
    long viewer = viewersIn(MOVED, 1).get(0);
    long pung = PungHarness.nextId();
    before.fanout().handle(List.of(add(pung, viewer)));
    FeedResult.Page empty = (FeedResult.Page) after.feed().read(viewer, null, 50, null);
    assertThat(empty.items()).isEmpty();

    before.buckets().copy(MOVED, 1, 2);

    FeedResult.Page copied =
        (FeedResult.Page) after.feed().read(viewer, empty.revision(), 50, null);
    assertThat(copied.items()).extracting(FeedItem::id).containsExactly(pung);
    assertThat(after.feed().read(viewer, copied.revision(), 50, null))
        .isInstanceOf(FeedResult.NotModified.class);
    clock.advance(Duration.ofHours(2));
    assertThat(after.feed().read(viewer, copied.revision(), 50, null))
        .isInstanceOfSatisfying(FeedResult.Page.class, p -> assertThat(p.items()).isEmpty());
  }

  @Test
  void purgeRefusesWhileTheMapStillAssignsTheRangeAndThenDeletesOnlyIt() {
    fanOut(viewers());
    before.buckets().copy(MOVED, 1, 2);
    List<Row> source = rows(1);
    List<Row> other = rows(0);
    List<Row> target = rows(2);

    assertConflict(() -> before.buckets().purge(MOVED, 1));
    assertConflict(() -> after.buckets().purge(MOVED, 2));
    assertConflict(() -> after.buckets().purge(new BucketRange(700, 800), 1));
    assertThat(rows(1)).isEqualTo(source);

    assertThat(after.buckets().purge(MOVED, 1)).isEqualTo(in(source, MOVED).size());
    assertThat(rows(1))
        .isEqualTo(source.stream().filter(r -> !MOVED.contains(new Bucket(r.bucket()))).toList());
    assertThat(rows(0)).isEqualTo(other);
    assertThat(rows(2)).isEqualTo(target);
    assertThat(after.buckets().purge(MOVED, 1)).isZero();

    // Rolling the move back reads MariaDB and purges it.
    assertThat(after.buckets().copy(MOVED, 2, 1)).isEqualTo(target.size());
    assertThat(in(rows(1), MOVED)).isEqualTo(target);
    assertThat(before.buckets().purge(MOVED, 2)).isEqualTo(target.size());
    assertThat(rows(2)).isEmpty();
  }

  @Test
  void badRangesAndShardsAreRefusedAsInvalid() {
    BucketMover mover = before.buckets();
    assertInvalid(() -> mover.copy(new BucketRange(768, 1024), 1, 2), "0-1023");
    assertInvalid(() -> mover.copy(MOVED, 1, 1), "must differ");
    assertInvalid(() -> mover.copy(MOVED, 3, 2), "sourceShard must be in [0, 3)");
    assertInvalid(() -> mover.copy(MOVED, 1, -1), "targetShard must be in [0, 3)");
    assertInvalid(() -> mover.purge(MOVED, 3), "shard must be in [0, 3)");
    assertThatThrownBy(() -> new BucketRange(5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BucketRange(-1, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  /** One inbox row as stored. */
  record Row(
      long viewerId,
      long pungId,
      int bucket,
      long authorId,
      String body,
      long createdAt,
      long expiresAt,
      boolean tombstone) {}

  private PungSystem system(String map) {
    return PungHarness.system(postgres, shards, postgres.main, redis, prefix, producer, "t", clock)
        .shardMap(ShardMap.parse(map, Bucket.DEFAULT_COUNT, shards.size()))
        .moveBatch(BATCH)
        .build();
  }

  /** 16 viewers in each of 0-511, 512-767 and 768-1023. */
  private List<Long> viewers() {
    List<Long> viewers = new ArrayList<>(viewersIn(new BucketRange(0, 511), 16));
    viewers.addAll(viewersIn(new BucketRange(512, 767), 16));
    viewers.addAll(viewersIn(MOVED, 16));
    return viewers;
  }

  private List<Long> viewersIn(BucketRange range, int count) {
    List<Long> viewers = new ArrayList<>();
    for (long id = base; viewers.size() < count; id++) {
      if (range.contains(Bucket.of(id, Bucket.DEFAULT_COUNT))) {
        viewers.add(id);
      }
    }
    return viewers;
  }

  /**
   * Four pungs to every viewer under the old map; the second removed for every third viewer, and a
   * fifth, never added, removed for every fifth one (a tombstone alone).
   */
  private void fanOut(List<Long> viewers) {
    long[] pungs = new long[5];
    for (int i = 0; i < pungs.length; i++) {
      pungs[i] = PungHarness.nextId();
    }
    long[] all = viewers.stream().mapToLong(Long::longValue).toArray();
    List<FanoutMessage> messages = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      messages.add(add(pungs[i], all));
    }
    for (int i = 0; i < all.length; i++) {
      if (i % 3 == 0) {
        messages.add(remove(pungs[1], all[i]));
      }
      if (i % 5 == 0) {
        messages.add(remove(pungs[4], all[i]));
      }
    }
    before.fanout().handle(messages);
  }

  private FanoutMessage add(long pungId, long... viewers) {
    return message(FanoutMessage.Kind.ADD, pungId, viewers);
  }

  private FanoutMessage remove(long pungId, long... viewers) {
    return message(FanoutMessage.Kind.REMOVE, pungId, viewers);
  }

  private FanoutMessage message(FanoutMessage.Kind kind, long pungId, long... viewers) {
    long now = clock.millis();
    return new FanoutMessage(
        kind, pungId, base - 1, "p" + pungId, now, now + Duration.ofHours(1).toMillis(), viewers);
  }

  /** Every row of a shard, in key order. */
  private List<Row> rows(int shard) {
    return new JdbcTemplate(shards.get(shard))
        .query(
            "SELECT viewer_id, pung_id, bucket, author_id, body, created_at, expires_at, removed"
                + " FROM pung_inbox ORDER BY viewer_id, pung_id",
            (rs, n) ->
                new Row(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getInt(3),
                    rs.getLong(4),
                    rs.getString(5),
                    rs.getLong(6),
                    rs.getLong(7),
                    rs.getInt(8) == 1));
  }

  private static List<Row> in(List<Row> rows, BucketRange range) {
    return rows.stream().filter(r -> range.contains(new Bucket(r.bucket()))).toList();
  }

  private static List<FeedItem> feed(PungSystem system, long viewer) {
    List<FeedItem> items = new ArrayList<>();
    String cursor = null;
    do {
      FeedResult.Page page = (FeedResult.Page) system.feed().read(viewer, null, 3, cursor);
      items.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    return items;
  }

  private static void assertConflict(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            PungException.class,
            e -> assertThat(e.reason()).isEqualTo(PungException.Reason.CONFLICT));
  }

  private static void assertInvalid(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            PungException.class,
            e -> assertThat(e.reason()).isEqualTo(PungException.Reason.INVALID))
        .hasMessageContaining(message);
  }
}
