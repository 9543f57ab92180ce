package dev.surge.app.pung;

import dev.surge.app.security.UserIds;
import dev.surge.pung.FeedResult;
import dev.surge.pung.FeedService;
import dev.surge.pung.PungSystem;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's feed page with the feed's tag (revision, expiry horizon, viewer) as ETag; {@code
 * If-None-Match} naming a tag that is still current is answered 304 from Redis alone.
 */
@RestController
class FeedController {

  private final PungSystem pungs;

  FeedController(PungSystem pungs) {
    this.pungs = pungs;
  }

  @GetMapping("/api/feed")
  ResponseEntity<PungDtos.FeedBody> feed(
      @RequestParam(defaultValue = "" + FeedService.DEFAULT_LIMIT)
          @Min(1)
          @Max(FeedService.MAX_LIMIT)
          int limit,
      @RequestParam(required = false) @Size(max = 32) String cursor,
      @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    FeedResult result =
        pungs.feed().read(UserIds.current(), revisionOf(ifNoneMatch), limit, cursor);
    String etag = "\"" + result.revision() + "\"";
    CacheControl cache = CacheControl.noCache().cachePrivate();
    if (result instanceof FeedResult.Page page) {
      return ResponseEntity.ok()
          .eTag(etag)
          .cacheControl(cache)
          .body(
              new PungDtos.FeedBody(
                  page.revision(),
                  page.items().stream().map(PungDtos.ItemBody::of).toList(),
                  page.nextCursor()));
    }
    return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cache).build();
  }

  /** The revision in an {@code If-None-Match} value: its first entity tag, weak or strong. */
  static String revisionOf(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return null;
    }
    String tag = ifNoneMatch.split(",", 2)[0].trim();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      tag = tag.substring(1, tag.length() - 1);
    }
    return tag.isEmpty() || tag.length() > 64 ? null : tag;
  }
}
