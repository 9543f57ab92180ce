package dev.surge.transfer;

import java.util.List;

/** Hands due transfers to the consumers; returns only once every one is durably accepted. */
@FunctionalInterface
public interface DuePublisher {

  void publish(List<DueTransfer> due) throws Exception;
}
