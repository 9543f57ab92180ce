package dev.surge.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Where the machine's engines are, overridable by system properties for other machines: {@code
 * surge.test.redis}, {@code surge.test.postgres}, {@code surge.test.mariadb} (host:port each).
 *
 * <p>Tests get schemas of their own ({@link #postgresSchema}, {@link #mariadbDatabase}), so their
 * Flyway histories never meet another branch's or another run's migrations.
 */
final class TestEngines {

  private TestEngines() {}

  static String redis() {
    return System.getProperty("surge.test.redis", "127.0.0.1:6379");
  }

  static String postgres(String database) {
    return "jdbc:postgresql://"
        + System.getProperty("surge.test.postgres", "127.0.0.1:5432")
        + "/"
        + database;
  }

  static String mariadb(String database) {
    return "jdbc:mariadb://"
        + System.getProperty("surge.test.mariadb", "127.0.0.1:3306")
        + "/"
        + database;
  }

  /** A fresh name for a schema or database, safe in every SQL engine. */
  static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Creates {@code schema} in a PostgreSQL database and returns a URL that works inside it. */
  static String postgresSchema(String database, String schema) {
    execute(postgres(database), "postgres", "CREATE SCHEMA " + schema);
    return postgres(database) + "?currentSchema=" + schema;
  }

  static void dropPostgresSchema(String database, String schema) {
    execute(postgres(database), "postgres", "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /** Creates a MariaDB database and returns its URL. */
  static String mariadbDatabase(String database) {
    execute(mariadb(""), "root", "CREATE DATABASE " + database);
    return mariadb(database);
  }

  static void dropMariadbDatabase(String database) {
    execute(mariadb(""), "root", "DROP DATABASE IF EXISTS " + database);
  }

  private static void execute(String url, String user, String sql) {
    try (Connection connection = DriverManager.getConnection(url, user, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " on " + url + " failed", e);
    }
  }
}
