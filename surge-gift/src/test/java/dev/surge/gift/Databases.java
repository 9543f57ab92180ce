package dev.surge.gift;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The three databases the gift store must run on, with its tables freshly migrated. */
enum Databases {
  H2(
      "jdbc:h2:mem:gift;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
          + "DB_CLOSE_DELAY=-1",
      "sa"),
  POSTGRESQL(
      "jdbc:postgresql://"
          + System.getProperty("surge.test.postgres", "127.0.0.1:5432")
          + "/surge_test",
      "postgres"),
  MARIADB(
      "jdbc:mariadb://" + System.getProperty("surge.test.mariadb", "127.0.0.1:3306") + "/", "root");

  /** Our own schema (PostgreSQL) or database (MariaDB): other tests' migrations never meet ours. */
  static final String SCHEMA = "surge_gift_it";

  private final String url;
  private final String user;

  Databases(String url, String user) {
    this.url = url;
    this.user = user;
  }

  /** Drops the gift tables and migrates them again with their own history table. */
  DataSource fresh() {
    DriverManagerDataSource ds = new DriverManagerDataSource(url, user, "");
    if (this != H2) {
      String create =
          this == POSTGRESQL ? "CREATE SCHEMA IF NOT EXISTS " : "CREATE DATABASE IF NOT EXISTS ";
      new JdbcTemplate(ds).execute(create + SCHEMA);
      ds =
          new DriverManagerDataSource(
              this == POSTGRESQL ? url + "?currentSchema=" + SCHEMA : url + SCHEMA, user, "");
    }
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    for (String table :
        List.of(
            "gift_promotion_product", "gift_promotion", "gift_product", "gift_schema_history")) {
      jdbc.execute("DROP TABLE IF EXISTS " + table);
    }
    Flyway.configure()
        .dataSource(ds)
        .schemas(this == POSTGRESQL ? new String[] {SCHEMA} : new String[0])
        .locations("classpath:db/main")
        .table("gift_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
    return ds;
  }
}
