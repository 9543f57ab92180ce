package dev.surge.transfer.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Instants stored as epoch milliseconds, with SQL NULL for a missing instant. */
public final class Millis {

  private Millis() {}

  public static Long of(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  public static Instant read(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(value);
  }
}
