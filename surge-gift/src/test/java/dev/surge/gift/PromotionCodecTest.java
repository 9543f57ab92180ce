package dev.surge.gift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.cache.ValueCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromotionCodecTest {

  private final ValueCodec<PromotionEntry> codec = PromotionCache.codec();

  @Test
  void roundTripsPagesAndMissingEntries() {
    PromotionEntry page =
        new PromotionEntry(
            7,
            3,
            new PromotionPage(
                7,
                "선물 🎁",
                List.of(new Product(1, "케이크", 30_000, false), new Product(2, "x", 0, true))));

    assertThat(codec.decode(codec.encode(page))).isEqualTo(page);
    assertThat(codec.decode(codec.encode(PromotionEntry.missing(9))))
        .isEqualTo(PromotionEntry.missing(9));
  }

  @Test
  void rejectsAnUnknownFormat() {
    assertThatThrownBy(() -> codec.decode(new byte[] {9, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void domainValuesRejectBadInput() {
    assertThatThrownBy(() -> new Product(0, "a", 1, false)).hasMessageContaining("product id");
    assertThatThrownBy(() -> new Product(1, " ", 1, false)).hasMessageContaining("name");
    assertThatThrownBy(() -> new Product(1, "a", -1, false)).hasMessageContaining("price");
    assertThatThrownBy(() -> new Promotion(1, "t", List.of(1L, 1L))).hasMessageContaining("repeat");
    assertThatThrownBy(() -> new Promotion(1, "t".repeat(201), List.of()))
        .hasMessageContaining("title");
  }
}
