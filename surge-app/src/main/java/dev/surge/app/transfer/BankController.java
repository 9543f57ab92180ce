package dev.surge.app.transfer;

import dev.surge.app.transfer.TransferDtos.BankResponse;
import dev.surge.app.transfer.TransferDtos.DailyDto;
import dev.surge.app.transfer.TransferDtos.MaintenanceRequest;
import dev.surge.app.transfer.TransferDtos.WindowDto;
import dev.surge.app.web.ApiProblem;
import dev.surge.transfer.Bank;
import dev.surge.transfer.DailyWindow;
import dev.surge.transfer.MaintenanceWindow;
import dev.surge.transfer.TransferSystem;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Banks with their maintenance schedules; admins replace a bank's windows at runtime. */
@RestController
class BankController {

  /** The range accepted for one-off windows; anything outside is a typo, not a schedule. */
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private final TransferSystem system;
  private final Clock clock;

  BankController(TransferSystem system, Clock clock) {
    this.system = system;
    this.clock = clock;
  }

  @GetMapping("/api/banks")
  List<BankResponse> banks() {
    Instant now = clock.instant();
    return system.calendar().banks().stream().map(b -> BankResponse.of(b, now)).toList();
  }

  @PutMapping("/api/admin/banks/{code}/maintenance")
  BankResponse replace(@PathVariable String code, @Valid @RequestBody MaintenanceRequest request) {
    if (system.calendar().find(code).isEmpty()) {
      throw ApiProblem.notFound("No bank " + code + ".");
    }
    List<DailyWindow> daily = new ArrayList<>();
    List<DailyDto> dailyIn = request.daily() == null ? List.of() : request.daily();
    for (int i = 0; i < dailyIn.size(); i++) {
      DailyDto d = dailyIn.get(i);
      LocalTime start = LocalTime.parse(d.start());
      LocalTime end = LocalTime.parse(d.end());
      if (start.equals(end)) {
        throw new TransferProblemAdvice.InvalidField(
            "daily[" + i + "]", "start and end must differ");
      }
      daily.add(new DailyWindow(start, end));
    }
    List<MaintenanceWindow> windows = new ArrayList<>();
    List<WindowDto> windowsIn = request.windows() == null ? List.of() : request.windows();
    for (int i = 0; i < windowsIn.size(); i++) {
      WindowDto w = windowsIn.get(i);
      if (w.start().isBefore(EARLIEST) || w.end().isAfter(LATEST)) {
        throw new TransferProblemAdvice.InvalidField(
            "windows[" + i + "]", "must lie between " + EARLIEST + " and " + LATEST);
      }
      if (!w.end().isAfter(w.start())) {
        throw new TransferProblemAdvice.InvalidField(
            "windows[" + i + "]", "end must be after start");
      }
      windows.add(new MaintenanceWindow(w.start(), w.end()));
    }
    Bank bank = system.calendar().replaceMaintenance(code, daily, windows);
    return BankResponse.of(bank, clock.instant());
  }
}
