package dev.surge.pung;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A main database and two inbox shards of one engine, each in a schema (PostgreSQL) or database
 * (MariaDB) owned by these tests and recreated per test class, or fresh in-memory H2 databases.
 */
final class TestDatabases implements AutoCloseable {

  /** The engines the stores are tested on. */
  enum Engine {
    H2,
    POSTGRES,
    MARIADB
  }

  static final String PG = System.getProperty("surge.test.postgres", "127.0.0.1:5432");
  static final String MARIA = System.getProperty("surge.test.mariadb", "127.0.0.1:3306");
  static final String SCHEMA = "pung_it";

  final Engine engine;
  final HikariDataSource main;
  final List<DataSource> shards = new ArrayList<>();
  private final List<HikariDataSource> pools = new ArrayList<>();

  TestDatabases(Engine engine) {
    this(engine, SCHEMA);
  }

  /** Databases in {@code schema} (PostgreSQL) or {@code schema_main/_shard0/_shard1} (MariaDB). */
  TestDatabases(Engine engine, String schema) {
    this.engine = engine;
    String[] urls =
        switch (engine) {
          case H2 -> {
            String run = UUID.randomUUID().toString().substring(0, 8);
            yield new String[] {h2("main-" + run), h2("s0-" + run), h2("s1-" + run)};
          }
          case POSTGRES -> {
            for (String db : new String[] {"surge_test", "surge_shard0", "surge_shard1"}) {
              exec(
                  "jdbc:postgresql://" + PG + "/" + db,
                  "postgres",
                  "DROP SCHEMA IF EXISTS " + schema + " CASCADE",
                  "CREATE SCHEMA " + schema);
            }
            yield new String[] {
              pg("surge_test", schema), pg("surge_shard0", schema), pg("surge_shard1", schema),
            };
          }
          case MARIADB -> {
            for (String db : new String[] {"main", "shard0", "shard1"}) {
              exec(
                  "jdbc:mariadb://" + MARIA + "/surge_test",
                  "root",
                  "DROP DATABASE IF EXISTS " + schema + "_" + db,
                  "CREATE DATABASE " + schema + "_" + db);
            }
            yield new String[] {
              maria(schema + "_main"), maria(schema + "_shard0"), maria(schema + "_shard1")
            };
          }
        };
    String user = engine == Engine.POSTGRES ? "postgres" : engine == Engine.MARIADB ? "root" : "sa";
    main = pool(urls[0], user, "db/main");
    shards.add(pool(urls[1], user, "db/shard"));
    shards.add(pool(urls[2], user, "db/shard"));
  }

  private HikariDataSource pool(String url, String user, String migrations) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setUsername(user);
    pool.setPassword("");
    pool.setMaximumPoolSize(12);
    pools.add(pool);
    Flyway.configure().dataSource(pool).locations("classpath:" + migrations).load().migrate();
    return pool;
  }

  private static String h2(String name) {
    return "jdbc:h2:mem:"
        + name
        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
  }

  private static String pg(String db, String schema) {
    return "jdbc:postgresql://" + PG + "/" + db + "?currentSchema=" + schema;
  }

  private static String maria(String db) {
    return "jdbc:mariadb://" + MARIA + "/" + db;
  }

  private static void exec(String url, String user, String... sql) {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    pools.forEach(HikariDataSource::close);
  }
}
