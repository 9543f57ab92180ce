package dev.surge.pung.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One keyset page of a bucket range's inbox rows on a shard, in key order, split into live rows and
 * tombstones; {@code lastViewerId}/{@code lastPungId} is the key the next page starts after.
 */
public record BucketPage(
    List<InboxRow> live, List<InboxRow> tombstones, long lastViewerId, long lastPungId) {

  public int size() {
    return live.size() + tombstones.size();
  }

  /** The viewers the page holds rows of. */
  public Set<Long> viewerIds() {
    Set<Long> viewers = new LinkedHashSet<>();
    live.forEach(r -> viewers.add(r.viewerId()));
    tombstones.forEach(r -> viewers.add(r.viewerId()));
    return viewers;
  }
}
