package dev.surge.app.transfer;

import dev.surge.app.transfer.TransferDtos.BankSimRequest;
import dev.surge.app.transfer.TransferDtos.BankSimResponse;
import dev.surge.app.transfer.TransferDtos.DepositResponse;
import dev.surge.app.transfer.TransferDtos.DispatchModeRequest;
import dev.surge.app.transfer.TransferDtos.DispatchModeResponse;
import dev.surge.app.transfer.TransferDtos.DispatchRunResponse;
import dev.surge.transfer.BankSimulator;
import dev.surge.transfer.DispatchReport;
import dev.surge.transfer.TransferSystem;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operating the transfer pipeline: the bank simulator, and the dispatch rollout switch. */
@RestController
class TransferAdminController {

  /** Deposits listed when no transfer id is given. */
  static final int RECENT_DEPOSITS = 100;

  private final TransferSystem system;
  private final TransferJobs jobs;

  TransferAdminController(TransferSystem system, TransferJobs jobs) {
    this.system = system;
    this.jobs = jobs;
  }

  @GetMapping("/api/admin/bank-sim/deposits")
  List<DepositResponse> deposits(@RequestParam(required = false) Long transferId) {
    BankSimulator sim = system.simulator();
    return (transferId == null ? sim.recent(RECENT_DEPOSITS) : sim.receipts(transferId))
        .stream().map(DepositResponse::of).toList();
  }

  @GetMapping("/api/admin/bank-sim")
  BankSimResponse simulator() {
    BankSimulator sim = system.simulator();
    return new BankSimResponse(sim.latency().toMillis(), sim.failureRate());
  }

  @PutMapping("/api/admin/bank-sim")
  BankSimResponse configure(@Valid @RequestBody BankSimRequest request) {
    BankSimulator sim = system.simulator();
    Duration latency =
        request.latencyMs() != null ? Duration.ofMillis(request.latencyMs()) : sim.latency();
    double failureRate = request.failureRate() != null ? request.failureRate() : sim.failureRate();
    sim.configure(latency, failureRate);
    return simulator();
  }

  @GetMapping("/api/admin/transfer-dispatch")
  DispatchModeResponse mode() {
    return new DispatchModeResponse(system.modes().mode());
  }

  @PutMapping("/api/admin/transfer-dispatch")
  DispatchModeResponse switchMode(@Valid @RequestBody DispatchModeRequest request) {
    system.modes().set(request.mode());
    return mode();
  }

  /** Runs a dispatch cycle now instead of at the next interval. */
  @PostMapping("/api/admin/transfer-dispatch/run")
  DispatchRunResponse run() {
    DispatchReport r = jobs.dispatchNow();
    return new DispatchRunResponse(r.ran(), r.mode(), r.dispatched(), r.deferred());
  }
}
