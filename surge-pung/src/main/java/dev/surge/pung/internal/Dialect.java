package dev.surge.pung.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The SQL differences Surge's pung stores care about: how to insert a row unless it exists. */
public enum Dialect {
  POSTGRES,
  MYSQL,
  H2;

  /** The dialect of the database behind {@code dataSource}. */
  public static Dialect of(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("postgres")) {
        return POSTGRES;
      }
      if (product.contains("mysql") || product.contains("mariadb")) {
        return MYSQL;
      }
      if (product.contains("h2")) {
        return H2;
      }
      throw new IllegalStateException("unsupported database: " + product);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database product", e);
    }
  }

  /** An insert of one row into {@code table} that does nothing when its primary key exists. */
  public String insertIgnore(String table, String columns, int columnCount) {
    String values = "?" + ", ?".repeat(columnCount - 1);
    return switch (this) {
      case POSTGRES, H2 ->
          "INSERT INTO "
              + table
              + " ("
              + columns
              + ") VALUES ("
              + values
              + ") ON CONFLICT DO NOTHING";
      case MYSQL -> "INSERT IGNORE INTO " + table + " (" + columns + ") VALUES (" + values + ")";
    };
  }
}
