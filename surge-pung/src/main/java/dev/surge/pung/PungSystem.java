package dev.surge.pung;

import dev.surge.lock.Locks;
import dev.surge.pung.internal.Dialect;
import dev.surge.pung.internal.FeedReader;
import dev.surge.pung.internal.InboxShards;
import dev.surge.pung.internal.Outbox;
import dev.surge.pung.internal.PullFeedReader;
import dev.surge.pung.internal.PungMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.redisson.api.RedissonClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pung feed, assembled: friends, posting, feeds, the outbox relay, the fan-out handler, the
 * purge job and the bucket mover over one main database, the inbox shards, Redis and a Kafka
 * producer.
 *
 * <pre>{@code
 * PungSystem pungs = PungSystem.builder()
 *     .mainDatabase(dataSource).shards(shardDataSources)
 *     .redisson(redisson).producer(producer).ids(ids).build();
 * pungs.relay().start();
 * }</pre>
 */
public final class PungSystem {

  public static final Duration DEFAULT_TTL = Duration.ofHours(24);
  public static final String DEFAULT_TOPIC = "surge.pung.fanout";
  public static final String DEFAULT_KEY_PREFIX = "surge:pung:";

  private final FriendService friends;
  private final PungService pungs;
  private final FeedService feed;
  private final OutboxRelay relay;
  private final FanoutHandler fanout;
  private final PurgeJob purge;
  private final BucketMover buckets;
  private final InboxShards inbox;
  private final Revisions revisions;
  private final Builder settings;

  private PungSystem(Builder b) {
    this.settings = b;
    JdbcTemplate jdbc = new JdbcTemplate(b.mainDatabase);
    TransactionTemplate tx =
        new TransactionTemplate(new DataSourceTransactionManager(b.mainDatabase));
    Dialect dialect = Dialect.of(b.mainDatabase);
    Outbox outbox = new Outbox(jdbc);
    ShardMap map =
        b.shardMap != null ? b.shardMap : ShardMap.evenly(Bucket.DEFAULT_COUNT, b.shards.size());
    PungMetrics metrics =
        new PungMetrics(b.meterRegistry, b.readModel.name().toLowerCase(Locale.ROOT));
    this.inbox = new InboxShards(map, b.shards);
    this.revisions = new Revisions(b.redisson, b.keyPrefix, b.revisionTtl);
    this.relay =
        new OutboxRelay(
            jdbc,
            outbox,
            b.producer,
            b.topic,
            b.chunkSize,
            b.clock,
            b.locks,
            b.relayInterval,
            metrics);
    this.friends = new FriendService(jdbc, tx, dialect, outbox, b.ids, b.clock, relay::wakeUp);
    this.pungs = new PungService(jdbc, tx, outbox, b.ids, b.clock, b.ttl, relay::wakeUp, metrics);
    FeedReader reader = b.readModel == ReadModel.PULL ? new PullFeedReader(jdbc) : inbox;
    this.feed = new FeedService(revisions, reader, b.clock, b.ids, metrics);
    this.fanout = new FanoutHandler(inbox, revisions, metrics);
    this.purge = new PurgeJob(jdbc, tx, inbox, b.clock, b.locks, b.purgeBatch, metrics);
    this.buckets = new BucketMover(inbox, revisions, b.moveBatch);
  }

  public static Builder builder() {
    return new Builder();
  }

  public FriendService friends() {
    return friends;
  }

  public PungService pungs() {
    return pungs;
  }

  public FeedService feed() {
    return feed;
  }

  public OutboxRelay relay() {
    return relay;
  }

  public FanoutHandler fanout() {
    return fanout;
  }

  public PurgeJob purge() {
    return purge;
  }

  /** Copies and purges bucket ranges between inbox shards (resharding). */
  public BucketMover buckets() {
    return buckets;
  }

  public Revisions revisions() {
    return revisions;
  }

  public ShardMap shardMap() {
    return inbox.map();
  }

  public String topic() {
    return settings.topic;
  }

  public ReadModel readModel() {
    return settings.readModel;
  }

  /** Settings of a {@link PungSystem}; every setter rejects a bad value at once. */
  public static final class Builder {
    private DataSource mainDatabase;
    private List<DataSource> shards;
    private ShardMap shardMap;
    private RedissonClient redisson;
    private Producer<String, byte[]> producer;
    private LongSupplier ids;
    private Clock clock = Clock.systemUTC();
    private Duration ttl = DEFAULT_TTL;
    private ReadModel readModel = ReadModel.PUSH;
    private String topic = DEFAULT_TOPIC;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private int chunkSize = OutboxRelay.DEFAULT_CHUNK_SIZE;
    private Duration relayInterval = OutboxRelay.DEFAULT_POLL_INTERVAL;
    private Duration revisionTtl = Revisions.DEFAULT_TTL;
    private int purgeBatch = PurgeJob.DEFAULT_BATCH;
    private int moveBatch = BucketMover.DEFAULT_BATCH;
    private Locks locks;
    private MeterRegistry meterRegistry;

    private Builder() {}

    /** The database of friends, pungs, audiences and the outbox. */
    public Builder mainDatabase(DataSource mainDatabase) {
      this.mainDatabase = Objects.requireNonNull(mainDatabase, "mainDatabase");
      return this;
    }

    /** The inbox shard databases, in shard order. */
    public Builder shards(List<DataSource> shards) {
      Objects.requireNonNull(shards, "shards");
      if (shards.isEmpty()) {
        throw new IllegalArgumentException("at least one inbox shard database is required");
      }
      this.shards = List.copyOf(shards);
      return this;
    }

    /** Which shard holds each bucket; defaults to {@link Bucket#DEFAULT_COUNT} buckets evenly. */
    public Builder shardMap(ShardMap shardMap) {
      this.shardMap = Objects.requireNonNull(shardMap, "shardMap");
      return this;
    }

    public Builder redisson(RedissonClient redisson) {
      this.redisson = Objects.requireNonNull(redisson, "redisson");
      return this;
    }

    /** The producer the relay publishes fan-out records with (keys: pung ids). */
    public Builder producer(Producer<String, byte[]> producer) {
      this.producer = Objects.requireNonNull(producer, "producer");
      return this;
    }

    /** Unique, time-ordered ids for pungs and outbox rows. */
    public Builder ids(LongSupplier ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long a pung lives ({@code surge.pung.ttl}). */
    public Builder ttl(Duration ttl) {
      this.ttl = requirePositive(ttl, "ttl");
      return this;
    }

    public Builder readModel(ReadModel readModel) {
      this.readModel = Objects.requireNonNull(readModel, "readModel");
      return this;
    }

    public Builder topic(String topic) {
      this.topic = requireText(topic, "topic");
      return this;
    }

    /** Prefix of every Redis key (revisions); tests use a unique one. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = requireText(keyPrefix, "keyPrefix");
      return this;
    }

    /** Viewer ids per fan-out record. */
    public Builder chunkSize(int chunkSize) {
      if (chunkSize < 1 || chunkSize > 10_000) {
        throw new IllegalArgumentException("chunkSize must be in [1, 10000], was " + chunkSize);
      }
      this.chunkSize = chunkSize;
      return this;
    }

    /** How often the relay looks for due rows when nothing wakes it. */
    public Builder relayInterval(Duration relayInterval) {
      this.relayInterval = requirePositive(relayInterval, "relayInterval");
      return this;
    }

    /** How long a feed revision lives after it was created (default 2 days). */
    public Builder revisionTtl(Duration revisionTtl) {
      this.revisionTtl = requirePositive(revisionTtl, "revisionTtl");
      return this;
    }

    public Builder purgeBatch(int purgeBatch) {
      this.purgeBatch = requireAtLeastOne(purgeBatch, "purgeBatch");
      return this;
    }

    /** Rows per page of a bucket copy and per batch of a bucket purge ({@link BucketMover}). */
    public Builder moveBatch(int moveBatch) {
      this.moveBatch = requireAtLeastOne(moveBatch, "moveBatch");
      return this;
    }

    /** Makes the relay and the purge job cluster-exclusive; without it they run everywhere. */
    public Builder locks(Locks locks) {
      this.locks = Objects.requireNonNull(locks, "locks");
      return this;
    }

    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    public PungSystem build() {
      require(mainDatabase, "mainDatabase");
      require(shards, "shards");
      require(redisson, "redisson");
      require(producer, "producer");
      require(ids, "ids");
      if (shardMap != null && shardMap.shards() != shards.size()) {
        throw new IllegalStateException(
            "shardMap names " + shardMap.shards() + " shards but " + shards.size() + " are given");
      }
      return new PungSystem(this);
    }

    private static void require(Object value, String what) {
      if (value == null) {
        throw new IllegalStateException(what + " is required");
      }
    }

    private static int requireAtLeastOne(int value, String what) {
      if (value < 1) {
        throw new IllegalArgumentException(what + " must be >= 1, was " + value);
      }
      return value;
    }

    private static Duration requirePositive(Duration value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive, was " + value);
      }
      return value;
    }

    private static String requireText(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return value;
    }
  }
}
