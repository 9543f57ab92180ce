package dev.surge.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.surge.pung.Audience;
import dev.surge.pung.Pung;
import dev.surge.pung.PungSystem;
import dev.surge.pung.ReadModel;
import dev.surge.pung.ShardMap;
import dev.surge.pung.internal.FanoutMessage;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.flywaydb.core.Flyway;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pung feed for the pung-* scenarios: a main database and two inbox shards in a {@code
 * pung_bench} schema of the machine's PostgreSQL (recreated), Redis with a run-unique prefix, and
 * the same data read by a push and a pull system.
 */
final class PungBench implements AutoCloseable {

  static final String PG = System.getProperty("surge.bench.postgres", "127.0.0.1:5432");
  static final String SCHEMA = "pung_bench";

  private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() << 22);

  final HikariDataSource main;
  final List<DataSource> shards = new ArrayList<>();
  final RedissonClient redis;
  final String prefix = "pung-bench:" + UUID.randomUUID().toString().substring(0, 8) + ":";
  final AtomicInteger connections = new AtomicInteger();
  final PungSystem push;
  final PungSystem pull;
  private final List<HikariDataSource> pools = new ArrayList<>();

  PungBench(Producer<String, byte[]> producer, String topic) throws Exception {
    for (String db : new String[] {"surge_test", "surge_shard0", "surge_shard1"}) {
      try (Connection c =
              DriverManager.getConnection("jdbc:postgresql://" + PG + "/" + db, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        s.execute("CREATE SCHEMA " + SCHEMA);
      }
    }
    main = pool("surge_test", "db/main");
    shards.add(pool("surge_shard0", "db/shard"));
    shards.add(pool("surge_shard1", "db/shard"));
    Config config = new Config();
    config.useSingleServer().setAddress("redis://" + BenchRedis.ADDRESS).setConnectionPoolSize(32);
    redis = Redisson.create(config);
    List<DataSource> counted = new ArrayList<>();
    shards.forEach(s -> counted.add(counting(s)));
    push = builder(producer, topic).mainDatabase(counting(main)).shards(counted).build();
    pull = builder(producer, topic).readModel(ReadModel.PULL).build();
  }

  private PungSystem.Builder builder(Producer<String, byte[]> producer, String topic) {
    return PungSystem.builder()
        .mainDatabase(main)
        .shards(shards)
        .redisson(redis)
        .keyPrefix(prefix)
        .producer(producer)
        .topic(topic)
        .ids(PungBench::nextId);
  }

  static long nextId() {
    return IDS.incrementAndGet();
  }

  private HikariDataSource pool(String db, String migrations) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(
        "jdbc:postgresql://"
            + PG
            + "/"
            + db
            + "?currentSchema="
            + SCHEMA
            + "&reWriteBatchedInserts=true");
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(16);
    pools.add(pool);
    Flyway.configure().dataSource(pool).locations("classpath:" + migrations).load().migrate();
    return pool;
  }

  /** Wraps a data source so every connection it hands out is counted. */
  private DataSource counting(DataSource target) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                connections.incrementAndGet();
              }
              try {
                return method.invoke(target, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** Makes every viewer a friend of every author, in bulk. */
  void befriendAll(long[] authors, long[] viewers) {
    List<Object[]> rows = new ArrayList<>();
    for (long a : authors) {
      for (long v : viewers) {
        rows.add(new Object[] {a, v, 0L});
        rows.add(new Object[] {v, a, 0L});
      }
    }
    new JdbcTemplate(main)
        .batchUpdate(
            "INSERT INTO pung_friend (user_id, friend_id, created_at) VALUES (?, ?, ?)", rows);
  }

  /** Posts as {@code author} to all friends and applies the fan-out at once (no Kafka). */
  Pung postAndFanOut(long author, long[] audience) {
    Pung pung = push.pungs().post(author, "bench", Audience.allFriends());
    push.fanout()
        .handle(
            List.of(
                new FanoutMessage(
                    FanoutMessage.Kind.ADD,
                    pung.id(),
                    author,
                    pung.text(),
                    pung.createdAt().toEpochMilli(),
                    pung.expiresAt().toEpochMilli(),
                    audience)));
    return pung;
  }

  /**
   * Vacuums and gathers planner statistics on every bench table, as autovacuum would after a bulk
   * load, so both models' queries are planned from the loaded data rather than from empty tables
   * ({@code -Dsurge.bench.pung.analyze=false} skips it, to reproduce runs planned without
   * statistics).
   */
  void analyze() {
    if (!Boolean.parseBoolean(System.getProperty("surge.bench.pung.analyze", "true"))) {
      return;
    }
    JdbcTemplate jdbc = new JdbcTemplate(main);
    for (String table : new String[] {"pung_friend", "pung", "pung_audience", "pung_outbox"}) {
      jdbc.execute("VACUUM ANALYZE " + table);
    }
    shards.forEach(s -> new JdbcTemplate(s).execute("VACUUM ANALYZE pung_inbox"));
  }

  /**
   * A population where every user has about {@code friendsEach} mutual friends drawn at random, and
   * {@code friendsOf[i]} lists the friends of {@code users[i]}.
   */
  record Graph(long[] users, long[][] friendsOf) {}

  /**
   * Loads a realistic friend graph: {@code users} users, each befriending {@code friendsEach / 2}
   * others at random (so about {@code friendsEach} friends each), each having posted {@code
   * pungsEach} live pungs over the last 20 hours to all friends, with the audience rows and the
   * fanned-out inbox rows, through COPY; then analyzes. A viewer's friends' pungs are a small share
   * of all pungs here, as in production (on a complete graph pull stops after the newest rows).
   */
  Graph seedGraph(int users, int friendsEach, int pungsEach, long seed) throws Exception {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    long base = nextId() >>> 20;
    long[] ids = LongStream.range(0, users).map(i -> base + i).toArray();
    List<java.util.Set<Integer>> adjacency = new ArrayList<>(users);
    for (int i = 0; i < users; i++) {
      adjacency.add(new java.util.HashSet<>());
    }
    for (int i = 0; i < users; i++) {
      for (int k = 0; k < friendsEach / 2; k++) {
        int j = random.nextInt(users);
        if (j != i) {
          adjacency.get(i).add(j);
          adjacency.get(j).add(i);
        }
      }
    }
    long[][] friendsOf = new long[users][];
    for (int i = 0; i < users; i++) {
      friendsOf[i] = adjacency.get(i).stream().mapToLong(j -> ids[j]).toArray();
    }
    long now = System.currentTimeMillis();
    ShardMap map = push.shardMap();
    try (Copy friends = new Copy(main, "pung_friend (user_id, friend_id, created_at)");
        Copy pungs =
            new Copy(main, "pung (id, author_id, body, created_at, expires_at, audience_size)");
        Copy audience = new Copy(main, "pung_audience (pung_id, viewer_id)")) {
      List<Copy> inboxes = new ArrayList<>();
      for (DataSource shard : shards) {
        inboxes.add(
            new Copy(
                shard,
                "pung_inbox (viewer_id, pung_id, bucket, author_id, body, created_at, expires_at,"
                    + " removed)"));
      }
      try {
        int seq = 0;
        for (int i = 0; i < users; i++) {
          for (long friend : friendsOf[i]) {
            friends.row(ids[i], friend, now);
          }
          for (int p = 0; p < pungsEach; p++) {
            long created = now - random.nextLong(20 * 3_600_000L);
            long id = (created << 22) | (seq++ & 0x3F_FFFF);
            long expires = created + 86_400_000L;
            String body = "bench pung " + id + " from a realistic friend graph";
            pungs.row(id, ids[i], body, created, expires, friendsOf[i].length);
            for (long viewer : friendsOf[i]) {
              audience.row(id, viewer);
              inboxes
                  .get(map.shardOf(viewer))
                  .row(viewer, id, map.bucketOf(viewer).index(), ids[i], body, created, expires, 0);
            }
          }
        }
      } finally {
        for (Copy inbox : inboxes) {
          inbox.close();
        }
      }
    }
    analyze();
    return new Graph(ids, friendsOf);
  }

  /** One table's rows streamed to PostgreSQL through COPY, tab-separated, in 1 MB writes. */
  private static final class Copy implements AutoCloseable {
    private final Connection connection;
    private final org.postgresql.copy.CopyIn copy;
    private final StringBuilder buffer = new StringBuilder();
    private boolean closed;

    Copy(DataSource dataSource, String tableAndColumns) throws java.sql.SQLException {
      connection = dataSource.getConnection();
      copy =
          connection
              .unwrap(org.postgresql.PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY " + tableAndColumns + " FROM STDIN");
    }

    void row(Object... values) throws java.sql.SQLException {
      for (int i = 0; i < values.length; i++) {
        buffer.append(i == 0 ? "" : "\t").append(values[i]);
      }
      buffer.append('\n');
      if (buffer.length() > 1 << 20) {
        flush();
      }
    }

    private void flush() throws java.sql.SQLException {
      byte[] bytes = buffer.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      copy.writeToCopy(bytes, 0, bytes.length);
      buffer.setLength(0);
    }

    @Override
    public void close() throws java.sql.SQLException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        flush();
        copy.endCopy();
      } finally {
        connection.close();
      }
    }
  }

  void clearOutbox() {
    new JdbcTemplate(main).update("DELETE FROM pung_outbox");
  }

  @Override
  public void close() {
    redis.getKeys().deleteByPattern(prefix + "*");
    redis.shutdown();
    pools.forEach(HikariDataSource::close);
  }
}
