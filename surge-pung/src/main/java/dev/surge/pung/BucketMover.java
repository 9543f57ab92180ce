package dev.surge.pung;

import dev.surge.pung.internal.BucketPage;
import dev.surge.pung.internal.InboxShard;
import dev.surge.pung.internal.InboxShards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a range of buckets from one inbox shard to another, the data steps of resharding
 * (docs/pung.md): {@link #copy} writes the range's rows to the target shard, {@link #purge} deletes
 * them from a shard the map no longer assigns them to.
 *
 * <p>A copy writes with the fan-out's own idempotent statement (adds never overwrite, tombstones
 * win), so it may be repeated, and it may overlap fan-out writing the same rows on the target.
 */
public final class BucketMover {

  /** Rows per page of a copy and per batch of a purge. */
  public static final int DEFAULT_BATCH = 1000;

  private static final Logger log = LoggerFactory.getLogger(BucketMover.class);

  private final InboxShards shards;
  private final Revisions revisions;
  private final int batch;

  BucketMover(InboxShards shards, Revisions revisions, int batch) {
    this.shards = shards;
    this.revisions = revisions;
    this.batch = batch;
  }

  /**
   * Copies the rows of {@code range} (tombstones included) from one shard to another, a page of
   * rows per target transaction, then bumps the revisions of each page's viewers so their clients
   * re-read; returns the rows read from the source.
   */
  public long copy(BucketRange range, int sourceShard, int targetShard) {
    requireWithinMap(range);
    InboxShard source = shard(sourceShard, "sourceShard");
    InboxShard target = shard(targetShard, "targetShard");
    if (sourceShard == targetShard) {
      throw PungException.invalid(
          "sourceShard and targetShard must differ, both are " + sourceShard);
    }
    long copied = 0;
    long afterViewer = Long.MIN_VALUE;
    long afterPung = Long.MIN_VALUE;
    while (true) {
      BucketPage page = source.bucketPage(range, afterViewer, afterPung, batch);
      if (page.size() > 0) {
        target.apply(page.live(), page.tombstones());
        revisions.bump(page.viewerIds());
        copied += page.size();
      }
      if (page.size() < batch) {
        break;
      }
      afterViewer = page.lastViewerId();
      afterPung = page.lastPungId();
    }
    log.info(
        "Copied {} inbox rows of buckets {} from shard {} to shard {}",
        copied,
        range,
        sourceShard,
        targetShard);
    return copied;
  }

  /**
   * Deletes the rows of {@code range} from {@code shard} in batches; refused while the shard map
   * still assigns any bucket of the range to that shard, since those rows are live data.
   */
  public long purge(BucketRange range, int shard) {
    requireWithinMap(range);
    InboxShard inbox = shard(shard, "shard");
    if (shards.map().assignsAny(range, shard)) {
      throw PungException.conflict(
          "the shard map still assigns buckets of "
              + range
              + " to shard "
              + shard
              + "; purge only after every instance runs a map that moved them");
    }
    long deleted = 0;
    int n;
    do {
      n = inbox.purge(range, batch);
      deleted += n;
    } while (n == batch);
    log.info("Purged {} inbox rows of buckets {} from shard {}", deleted, range, shard);
    return deleted;
  }

  private void requireWithinMap(BucketRange range) {
    if (!range.within(shards.map().buckets())) {
      throw PungException.invalid(BucketRange.notWithin(range, shards.map().buckets()));
    }
  }

  private InboxShard shard(int index, String what) {
    int count = shards.all().size();
    if (index < 0 || index >= count) {
      throw PungException.invalid(what + " must be in [0, " + count + "), was " + index);
    }
    return shards.all().get(index);
  }
}
