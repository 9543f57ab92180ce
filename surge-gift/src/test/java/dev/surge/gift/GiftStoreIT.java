package dev.surge.gift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The store's SQL on PostgreSQL, MariaDB and H2. */
class GiftStoreIT {

  private static GiftStore store(Databases db) {
    DataSource ds = db.fresh();
    return new GiftStore(ds, new DataSourceTransactionManager(ds));
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aPromotionListsItsKnownProductsInOrder(Databases db) {
    GiftStore store = store(db);
    store.putProduct(new Product(2, "Cake", 30_000, false));
    store.putProduct(new Product(1, "Coffee", 4_500, true));
    store.putPromotion(new Promotion(10, "Birthday", List.of(2L, 99L, 1L)));

    PromotionEntry entry = store.load(10);

    assertThat(entry.found()).isTrue();
    assertThat(entry.page().title()).isEqualTo("Birthday");
    assertThat(entry.page().products())
        .containsExactly(
            new Product(2, "Cake", 30_000, false), new Product(1, "Coffee", 4_500, true));
    assertThat(store.load(11).found()).isFalse();
    assertThat(store.revision(11)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void writesReplaceAndBumpTheRevisionOfAffectedPromotions(Databases db) {
    GiftStore store = store(db);
    store.putPromotion(new Promotion(10, "A", List.of(1L, 2L)));
    store.putPromotion(new Promotion(20, "B", List.of(2L)));
    store.putPromotion(new Promotion(30, "C", List.of()));
    long r10 = store.revision(10).orElseThrow();
    long r30 = store.revision(30).orElseThrow();

    assertThat(store.putProduct(new Product(2, "Tea", 3_000, false)))
        .containsExactlyInAnyOrder(10L, 20L);
    assertThat(store.putProduct(new Product(2, "Tea", 3_500, true))).hasSize(2);
    store.putPromotion(new Promotion(10, "A2", List.of(2L)));

    assertThat(store.revision(10)).contains(r10 + 3);
    assertThat(store.revision(30)).contains(r30);
    PromotionEntry a = store.load(10);
    assertThat(a.page().title()).isEqualTo("A2");
    assertThat(a.page().products()).containsExactly(new Product(2, "Tea", 3_500, true));
    assertThat(store.putProduct(new Product(7, "Lonely", 1, false))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void racingCreatesOfOneIdAllSucceed(Databases db) throws Exception {
    GiftStore store = store(db);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Object>> writes = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        writes.add(
            () -> {
              store.putProduct(new Product(5, "P" + n, n, false));
              store.putPromotion(new Promotion(50, "T" + n, List.of(5L)));
              return null;
            });
      }
      for (Future<Object> f : pool.invokeAll(writes)) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    PromotionEntry entry = store.load(50);
    assertThat(entry.page().products()).hasSize(1);
    assertThat(entry.page().title()).startsWith("T");
  }
}
