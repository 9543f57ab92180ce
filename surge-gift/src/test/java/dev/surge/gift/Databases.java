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
      "jdbc:mariadb://"
          + System.getProperty("surge.test.mariadb", "127.0.0.1:3306")
          + "/surge_test",
      "root");

  private final String url;
  private final String user;

  Databases(String url, String user) {
    this.url = url;
    this.user = user;
  }

  /** Drops the gift tables and migrates them again with their own history table. */
  DataSource fresh() {
    DriverManagerDataSource ds = new DriverManagerDataSource(url, user, "");
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    for (String table :
        List.of(
            "gift_promotion_product", "gift_promotion", "gift_product", "gift_schema_history")) {
      jdbc.execute("DROP TABLE IF EXISTS " + table);
    }
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/main")
        .table("gift_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
    return ds;
  }
}
