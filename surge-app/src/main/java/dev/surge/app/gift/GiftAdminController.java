package dev.surge.app.gift;

import dev.surge.app.web.ApiProblem;
import dev.surge.gift.GiftService;
import dev.surge.gift.Product;
import dev.surge.gift.Promotion;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Admin writes of products and promotions; each is visible on every instance within a second. */
@RestController
class GiftAdminController {

  static final long MAX_PRICE = 1_000_000_000_000L;

  /** Text without NUL, which the domain types (and PostgreSQL text columns) reject. */
  static final String NO_NUL = "[^\\x00]*";

  record ProductRequest(
      @NotBlank @Size(max = Product.MAX_NAME_LENGTH) @Pattern(regexp = NO_NUL) String name,
      @NotNull @PositiveOrZero @Max(MAX_PRICE) Long price,
      @NotNull Boolean soldOut) {}

  record PromotionRequest(
      @NotBlank @Size(max = Promotion.MAX_TITLE_LENGTH) @Pattern(regexp = NO_NUL) String title,
      @NotNull @Size(max = Promotion.MAX_PRODUCTS) List<@NotNull @Positive Long> productIds) {}

  record PromotionWritten(long id, String title, List<Long> productIds) {}

  private final GiftService gifts;

  GiftAdminController(GiftService gifts) {
    this.gifts = gifts;
  }

  @PutMapping("/api/admin/products/{id}")
  GiftController.ProductView putProduct(
      @PathVariable long id, @Valid @RequestBody ProductRequest request) {
    positive(id);
    Product product = new Product(id, request.name(), request.price(), request.soldOut());
    gifts.putProduct(product);
    return GiftController.ProductView.of(product);
  }

  /** Repeated product ids keep their first position. */
  @PutMapping("/api/admin/promotions/{id}")
  PromotionWritten putPromotion(
      @PathVariable long id, @Valid @RequestBody PromotionRequest request) {
    positive(id);
    Promotion promotion =
        new Promotion(id, request.title(), request.productIds().stream().distinct().toList());
    gifts.putPromotion(promotion);
    return new PromotionWritten(id, promotion.title(), promotion.productIds());
  }

  /** Checked by hand: a constraint on the path would move body errors off their field names. */
  private static void positive(long id) {
    if (id < 1) {
      throw ApiProblem.badRequest("id must be positive, was " + id);
    }
  }
}
