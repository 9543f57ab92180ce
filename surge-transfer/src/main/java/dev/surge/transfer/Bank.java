package dev.surge.transfer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** A bank with its maintenance schedule: daily windows and one-off windows. */
public record Bank(
    String code, String name, List<DailyWindow> daily, List<MaintenanceWindow> windows) {

  /** Chained windows are followed at most this far; a schedule closed longer is a mistake. */
  static final int MAX_CHAINED_WINDOWS = 1000;

  public Bank {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    daily = List.copyOf(daily);
    windows = List.copyOf(windows);
  }

  public boolean isOpen(Instant at) {
    return closedUntil(at) == null;
  }

  /**
   * When the bank opens again if it is in maintenance at {@code at}: the end of the window holding
   * {@code at}, followed through windows that overlap or touch it; {@code at} itself if open.
   */
  public Instant openAt(Instant at) {
    Instant t = at;
    for (int i = 0; i < MAX_CHAINED_WINDOWS; i++) {
      Instant end = closedUntil(t);
      if (end == null) {
        return t;
      }
      t = end;
    }
    throw new IllegalStateException("bank " + code + " has no opening near " + at);
  }

  /** The end of a window that holds {@code at}, the latest if several do; null if open. */
  private Instant closedUntil(Instant at) {
    Instant until = null;
    for (MaintenanceWindow window : windows) {
      if (window.contains(at) && (until == null || window.end().isAfter(until))) {
        until = window.end();
      }
    }
    LocalDate today = at.atZone(DailyWindow.ZONE).toLocalDate();
    for (DailyWindow window : daily) {
      for (LocalDate day : new LocalDate[] {today.minusDays(1), today}) {
        MaintenanceWindow occurrence = window.on(day);
        if (occurrence.contains(at) && (until == null || occurrence.end().isAfter(until))) {
          until = occurrence.end();
        }
      }
    }
    return until;
  }
}
