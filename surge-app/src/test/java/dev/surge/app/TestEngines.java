package dev.surge.app;

/**
 * Where the machine's engines are, overridable by system properties for other machines: {@code
 * surge.test.redis}, {@code surge.test.postgres}, {@code surge.test.mariadb} (host:port each).
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
}
