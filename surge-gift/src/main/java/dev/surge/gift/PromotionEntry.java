package dev.surge.gift;

/**
 * What the promotion cache holds for an id: the page and the revision it was read at, or the fact
 * that no such promotion exists; caching the absence keeps unknown ids off the origin, and creating
 * the promotion invalidates it.
 */
public record PromotionEntry(long id, long revision, PromotionPage page) {

  public static PromotionEntry missing(long id) {
    return new PromotionEntry(id, -1, null);
  }

  public boolean found() {
    return page != null;
  }
}
