package dev.surge.transfer;

import java.time.Instant;
import java.util.Objects;

/**
 * A one-off maintenance window: the bank is closed from {@code start} (inclusive) to {@code end}.
 */
public record MaintenanceWindow(Instant start, Instant end) {

  public MaintenanceWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "a window must end after it starts: " + start + " .. " + end);
    }
  }

  public boolean contains(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }
}
