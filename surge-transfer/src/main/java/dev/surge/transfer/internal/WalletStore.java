package dev.surge.transfer.internal;

import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wallet rows; every change is a single conditional UPDATE, the guard against overdraft. */
public final class WalletStore {

  private final JdbcTemplate jdbc;

  public WalletStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public long balance(long userId) {
    List<Long> rows =
        jdbc.queryForList("SELECT balance FROM tr_wallet WHERE user_id = ?", Long.class, userId);
    return rows.isEmpty() ? 0L : rows.get(0);
  }

  /**
   * Adds {@code amount} unless the balance would pass {@code max}; false if it would. Creates the
   * wallet on its first credit.
   */
  public boolean credit(long userId, long amount, long max) {
    for (int attempt = 0; attempt < 2; attempt++) {
      int updated =
          jdbc.update(
              "UPDATE tr_wallet SET balance = balance + ? WHERE user_id = ? AND balance <= ?",
              amount,
              userId,
              max - amount);
      if (updated == 1) {
        return true;
      }
      if (!jdbc.queryForList("SELECT 1 FROM tr_wallet WHERE user_id = ?", userId).isEmpty()) {
        return false;
      }
      try {
        jdbc.update("INSERT INTO tr_wallet (user_id, balance) VALUES (?, ?)", userId, amount);
        return true;
      } catch (DuplicateKeyException e) {
        // Created concurrently (a credit outside the wallet lock); add to that row instead.
      }
    }
    return false;
  }

  /** Takes {@code amount} if the balance covers it; false, and nothing changed, if not. */
  public boolean debit(long userId, long amount) {
    return jdbc.update(
            "UPDATE tr_wallet SET balance = balance - ? WHERE user_id = ? AND balance >= ?",
            amount,
            userId,
            amount)
        == 1;
  }
}
