package dev.surge.transfer;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A maintenance window that recurs every day from {@code start} to {@code end}, wall-clock time in
 * {@link #ZONE}; an {@code end} before {@code start} crosses midnight (23:30 to 00:30).
 */
public record DailyWindow(LocalTime start, LocalTime end) {

  /** The zone daily windows are given in: Korean banks announce maintenance in Seoul time. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Seoul");

  public DailyWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.equals(end)) {
      throw new IllegalArgumentException("a daily window must not start and end at " + start);
    }
  }

  /** Whether the window runs past midnight into the next day. */
  public boolean crossesMidnight() {
    return end.isBefore(start);
  }

  /** The occurrence that starts on {@code day}, as instants. */
  public MaintenanceWindow on(LocalDate day) {
    LocalDate endDay = crossesMidnight() ? day.plusDays(1) : day;
    return new MaintenanceWindow(
        day.atTime(start).atZone(ZONE).toInstant(), endDay.atTime(end).atZone(ZONE).toInstant());
  }
}
