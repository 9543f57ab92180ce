package dev.surge.transfer;

/**
 * What one dispatch cycle did: whether this instance held the dispatch lock, the path, how many due
 * transfers it handed out, and how many a direct execution left to a later cycle.
 */
public record DispatchReport(boolean ran, DispatchMode mode, int dispatched, int deferred) {

  static DispatchReport skipped() {
    return new DispatchReport(false, null, 0, 0);
  }
}
