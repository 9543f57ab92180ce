package dev.surge.app.gift;

import dev.surge.app.web.ApiProblem;
import dev.surge.gift.GiftService;
import dev.surge.gift.HotPromotions;
import dev.surge.gift.Product;
import dev.surge.gift.PromotionPage;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Promotion pages for everyone, and the HOT set. */
@RestController
class GiftController {

  record ProductView(long id, String name, long price, boolean soldOut) {
    static ProductView of(Product p) {
      return new ProductView(p.id(), p.name(), p.price(), p.soldOut());
    }
  }

  record PromotionView(long id, String title, List<ProductView> products) {
    static PromotionView of(PromotionPage page) {
      return new PromotionView(
          page.id(), page.title(), page.products().stream().map(ProductView::of).toList());
    }
  }

  record HotView(long promotionId, double score, String kind) {}

  private final GiftService gifts;

  GiftController(GiftService gifts) {
    this.gifts = gifts;
  }

  @GetMapping("/api/promotions/hot")
  List<HotView> hot() {
    return gifts.hot().stream().map(GiftController::view).toList();
  }

  @GetMapping("/api/promotions/{id}")
  PromotionView promotion(@PathVariable long id) {
    if (id < 1) {
      throw ApiProblem.notFound("no promotion " + id);
    }
    return gifts
        .promotion(id)
        .map(PromotionView::of)
        .orElseThrow(() -> ApiProblem.notFound("no promotion " + id));
  }

  private static HotView view(HotPromotions.Hot hot) {
    return new HotView(hot.promotionId(), hot.score(), hot.kind().name());
  }
}
