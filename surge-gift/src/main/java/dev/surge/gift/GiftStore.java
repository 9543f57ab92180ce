package dev.surge.gift;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Products and promotions in the main database (tables {@code gift_*}, migration V3_1), with
 * portable upserts: update, else insert, and on a racing insert's duplicate key (or a deadlock) the
 * whole transaction runs again.
 */
public final class GiftStore {

  private static final int UPSERT_ATTEMPTS = 10;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;

  public GiftStore(DataSource dataSource, PlatformTransactionManager transactions) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.tx = new TransactionTemplate(transactions);
  }

  /** Creates or replaces the product; returns the promotions that list it. */
  public List<Long> putProduct(Product p) {
    return retrying(
        () -> {
          int updated =
              jdbc.update(
                  "UPDATE gift_product SET name = ?, price = ?, sold_out = ? WHERE id = ?",
                  p.name(),
                  p.price(),
                  p.soldOut(),
                  p.id());
          if (updated == 0) {
            jdbc.update(
                "INSERT INTO gift_product (id, name, price, sold_out) VALUES (?, ?, ?, ?)",
                p.id(),
                p.name(),
                p.price(),
                p.soldOut());
          }
          List<Long> promotions =
              jdbc.queryForList(
                  "SELECT DISTINCT promotion_id FROM gift_promotion_product WHERE product_id = ?",
                  Long.class,
                  p.id());
          if (!promotions.isEmpty()) {
            jdbc.update(
                "UPDATE gift_promotion SET revision = revision + 1 WHERE id IN"
                    + " (SELECT promotion_id FROM gift_promotion_product WHERE product_id = ?)",
                p.id());
          }
          return promotions;
        });
  }

  /** Creates or replaces the promotion and its product list. */
  public void putPromotion(Promotion promotion) {
    retrying(
        () -> {
          int updated =
              jdbc.update(
                  "UPDATE gift_promotion SET title = ?, revision = revision + 1 WHERE id = ?",
                  promotion.title(),
                  promotion.id());
          if (updated == 0) {
            jdbc.update(
                "INSERT INTO gift_promotion (id, title, revision) VALUES (?, ?, 1)",
                promotion.id(),
                promotion.title());
          }
          jdbc.update("DELETE FROM gift_promotion_product WHERE promotion_id = ?", promotion.id());
          List<Object[]> rows = new ArrayList<>();
          for (int i = 0; i < promotion.productIds().size(); i++) {
            rows.add(new Object[] {promotion.id(), i, promotion.productIds().get(i)});
          }
          if (!rows.isEmpty()) {
            jdbc.batchUpdate(
                "INSERT INTO gift_promotion_product (promotion_id, ord, product_id)"
                    + " VALUES (?, ?, ?)",
                rows);
          }
          return null;
        });
  }

  /** The promotion with its known products, or a missing entry. */
  public PromotionEntry load(long promotionId) {
    List<PromotionEntry> heads =
        jdbc.query(
            "SELECT title, revision FROM gift_promotion WHERE id = ?",
            (rs, n) ->
                new PromotionEntry(
                    promotionId,
                    rs.getLong("revision"),
                    new PromotionPage(promotionId, rs.getString("title"), List.of())),
            promotionId);
    if (heads.isEmpty()) {
      return PromotionEntry.missing(promotionId);
    }
    PromotionEntry head = heads.get(0);
    List<Product> products =
        jdbc.query(
            "SELECT p.id, p.name, p.price, p.sold_out FROM gift_promotion_product pp"
                + " JOIN gift_product p ON p.id = pp.product_id"
                + " WHERE pp.promotion_id = ? ORDER BY pp.ord",
            (rs, n) ->
                new Product(
                    rs.getLong("id"),
                    rs.getString("name"),
                    rs.getLong("price"),
                    rs.getBoolean("sold_out")),
            promotionId);
    return new PromotionEntry(
        promotionId,
        head.revision(),
        new PromotionPage(promotionId, head.page().title(), products));
  }

  /** The promotion's current revision, empty when it does not exist. */
  public Optional<Long> revision(long promotionId) {
    return jdbc
        .queryForList("SELECT revision FROM gift_promotion WHERE id = ?", Long.class, promotionId)
        .stream()
        .findFirst();
  }

  /**
   * Runs {@code body} in a transaction, again after a racing insert's duplicate key or a deadlock
   * (MariaDB's gap locks make concurrent upserts of one new id deadlock), with a short random
   * pause.
   */
  private <T> T retrying(Supplier<T> body) {
    for (int attempt = 1; ; attempt++) {
      try {
        return tx.execute(status -> body.get());
      } catch (DataIntegrityViolationException | TransientDataAccessException raced) {
        if (attempt >= UPSERT_ATTEMPTS) {
          throw raced;
        }
        LockSupport.parkNanos(
            TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(1, 5L * attempt)));
      }
    }
  }
}
