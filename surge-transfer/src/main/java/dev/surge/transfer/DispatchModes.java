package dev.surge.transfer;

import java.util.List;
import java.util.Objects;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rollout switch between {@link DispatchMode}s, stored in the database so every instance's
 * dispatcher reads the same value on its next cycle, with no restart.
 */
public final class DispatchModes {

  static final String SETTING = "dispatch.mode";

  private final JdbcTemplate jdbc;
  private final DispatchMode initial;

  /** {@code initial} is the mode until someone sets one. */
  public DispatchModes(JdbcTemplate jdbc, DispatchMode initial) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.initial = Objects.requireNonNull(initial, "initial");
  }

  public DispatchMode mode() {
    List<String> rows =
        jdbc.queryForList(
            "SELECT setting_value FROM tr_setting WHERE name = ?", String.class, SETTING);
    return rows.isEmpty() ? initial : DispatchMode.valueOf(rows.get(0));
  }

  public void set(DispatchMode mode) {
    Objects.requireNonNull(mode, "mode");
    for (int attempt = 0; attempt < 2; attempt++) {
      if (jdbc.update(
              "UPDATE tr_setting SET setting_value = ? WHERE name = ?", mode.name(), SETTING)
          == 1) {
        return;
      }
      try {
        jdbc.update(
            "INSERT INTO tr_setting (name, setting_value) VALUES (?, ?)", SETTING, mode.name());
        return;
      } catch (DuplicateKeyException e) {
        // Inserted concurrently by another instance; update that row.
      }
    }
  }
}
