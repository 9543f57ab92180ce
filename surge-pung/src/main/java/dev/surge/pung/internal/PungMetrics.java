package dev.surge.pung.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/** The pung meters, named {@code surge.pung.*} and never tagged by user. */
public final class PungMetrics {

  public final Counter posted;
  public final Counter deleted;
  public final Counter fanoutAdded;
  public final Counter fanoutRemoved;
  public final Counter relayPublished;
  public final Counter relayFailures;
  public final Counter feedNotModified;
  public final Counter feedPages;
  public final Counter purged;
  public final Timer fanoutBatch;

  public PungMetrics(MeterRegistry registry, String readModel) {
    MeterRegistry r = registry != null ? registry : new CompositeMeterRegistry();
    posted = r.counter("surge.pung.posted");
    deleted = r.counter("surge.pung.deleted");
    fanoutAdded = r.counter("surge.pung.fanout.rows", "op", "add");
    fanoutRemoved = r.counter("surge.pung.fanout.rows", "op", "remove");
    relayPublished = r.counter("surge.pung.relay.published");
    relayFailures = r.counter("surge.pung.relay.failures");
    feedNotModified =
        r.counter("surge.pung.feed.reads", "result", "not_modified", "model", readModel);
    feedPages = r.counter("surge.pung.feed.reads", "result", "page", "model", readModel);
    purged = r.counter("surge.pung.purged.rows");
    fanoutBatch = r.timer("surge.pung.fanout.batch");
  }
}
