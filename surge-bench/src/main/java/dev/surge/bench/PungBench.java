package dev.surge.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.surge.pung.Audience;
import dev.surge.pung.Pung;
import dev.surge.pung.PungSystem;
import dev.surge.pung.ReadModel;
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

  /** Authors and the viewers who are friends of all of them. */
  record Feeds(long[] authors, long[] viewers) {}

  /**
   * Makes {@code viewers} fresh viewers friends of {@code authors} fresh authors, has every author
   * post {@code pungsPerAuthor} pungs fanned out to them, then clears the outbox and analyzes.
   */
  Feeds seedFeeds(int authors, int viewers, int pungsPerAuthor) {
    long base = nextId() >>> 20;
    Feeds feeds =
        new Feeds(
            LongStream.range(0, authors).map(i -> base + i).toArray(),
            LongStream.range(0, viewers).map(i -> base + 10_000 + i).toArray());
    befriendAll(feeds.authors(), feeds.viewers());
    for (int p = 0; p < pungsPerAuthor; p++) {
      for (long author : feeds.authors()) {
        postAndFanOut(author, feeds.viewers());
      }
    }
    clearOutbox();
    analyze();
    return feeds;
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
   * Gathers planner statistics on every bench table, as autovacuum would after a bulk load, so both
   * models' queries are planned from the loaded data rather than from empty tables ({@code
   * -Dsurge.bench.pung.analyze=false} skips it, to reproduce runs planned without statistics).
   */
  void analyze() {
    if (!Boolean.parseBoolean(System.getProperty("surge.bench.pung.analyze", "true"))) {
      return;
    }
    JdbcTemplate jdbc = new JdbcTemplate(main);
    for (String table : new String[] {"pung_friend", "pung", "pung_audience", "pung_outbox"}) {
      jdbc.execute("ANALYZE " + table);
    }
    shards.forEach(s -> new JdbcTemplate(s).execute("ANALYZE pung_inbox"));
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
