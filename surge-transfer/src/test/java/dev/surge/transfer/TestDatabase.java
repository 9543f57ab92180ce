package dev.surge.transfer;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A private, migrated copy of the transfer schema on one engine: a new schema on the machine's
 * PostgreSQL, a new database on its MariaDB, or an in-memory H2 in PostgreSQL mode; dropped on
 * close so tests never touch other helpers' tables.
 */
final class TestDatabase implements AutoCloseable {

  enum Engine {
    POSTGRES,
    MARIADB,
    H2
  }

  private final Engine engine;
  private final String name;
  private final HikariDataSource dataSource;

  private TestDatabase(Engine engine) {
    this.engine = engine;
    this.name = "tr_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    HikariDataSource ds = new HikariDataSource();
    ds.setMaximumPoolSize(24);
    switch (engine) {
      case POSTGRES -> {
        admin("jdbc:postgresql://127.0.0.1:5432/surge_test", "postgres")
            .execute("CREATE SCHEMA " + name);
        ds.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/surge_test?currentSchema=" + name);
        ds.setUsername("postgres");
      }
      case MARIADB -> {
        admin("jdbc:mariadb://127.0.0.1:3306/surge_test", "root")
            .execute("CREATE DATABASE " + name);
        ds.setJdbcUrl("jdbc:mariadb://127.0.0.1:3306/" + name);
        ds.setUsername("root");
      }
      case H2 -> {
        ds.setJdbcUrl(
            "jdbc:h2:mem:"
                + name
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH");
        ds.setUsername("sa");
      }
    }
    this.dataSource = ds;
    Flyway.configure().dataSource(ds).locations("classpath:db/main").load().migrate();
  }

  static TestDatabase create(Engine engine) {
    return new TestDatabase(engine);
  }

  DataSource dataSource() {
    return dataSource;
  }

  JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }

  Engine engine() {
    return engine;
  }

  @Override
  public void close() {
    dataSource.close();
    switch (engine) {
      case POSTGRES ->
          admin("jdbc:postgresql://127.0.0.1:5432/surge_test", "postgres")
              .execute("DROP SCHEMA " + name + " CASCADE");
      case MARIADB ->
          admin("jdbc:mariadb://127.0.0.1:3306/surge_test", "root")
              .execute("DROP DATABASE " + name);
      case H2 -> {}
    }
  }

  private static JdbcTemplate admin(String url, String user) {
    return new JdbcTemplate(new DriverManagerDataSource(url, user, ""));
  }
}
