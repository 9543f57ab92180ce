package dev.surge.lock;

import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The machine's PostgreSQL database surge_test; tests create uniquely named tables and drop them.
 */
public final class TestPostgres {

  private TestPostgres() {}

  public static DataSource dataSource() {
    return new DriverManagerDataSource(
        "jdbc:postgresql://127.0.0.1:5432/surge_test", "postgres", "");
  }
}
