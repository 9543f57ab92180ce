package dev.surge.app.transfer;

import dev.surge.app.security.UserIds;
import dev.surge.app.transfer.TransferDtos.CreateTransferRequest;
import dev.surge.app.transfer.TransferDtos.TransferResponse;
import dev.surge.app.web.ApiProblem;
import dev.surge.transfer.SubmitResult;
import dev.surge.transfer.TransferRequest;
import dev.surge.transfer.TransferService;
import dev.surge.transfer.TransferStatus;
import dev.surge.transfer.TransferSystem;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's transfers: accepted at once when the bank is open (201), held as DELAYED while it is
 * in maintenance (202), replayed for a repeated Idempotency-Key (200).
 */
@RestController
class TransferController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final TransferService transfers;

  TransferController(TransferSystem system) {
    this.transfers = system.transfers();
  }

  @PostMapping("/api/transfers")
  ResponseEntity<TransferResponse> create(
      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
      @Valid @RequestBody CreateTransferRequest body) {
    if (key == null || key.isEmpty() || key.length() > TransferService.MAX_KEY_LENGTH) {
      throw new TransferProblemAdvice.InvalidField(
          IDEMPOTENCY_KEY, "must have 1.." + TransferService.MAX_KEY_LENGTH + " characters");
    }
    SubmitResult result =
        transfers.submit(
            UserIds.current(),
            key,
            new TransferRequest(
                body.bankCode(),
                body.accountNumber(),
                body.amount().longValueExact(),
                body.memo()));
    TransferResponse response = TransferResponse.of(result.transfer());
    if (result.replayed()) {
      return ResponseEntity.ok(response);
    }
    HttpStatus status =
        result.transfer().status() == TransferStatus.DELAYED
            ? HttpStatus.ACCEPTED
            : HttpStatus.CREATED;
    return ResponseEntity.status(status)
        .location(URI.create("/api/transfers/" + response.id()))
        .body(response);
  }

  @GetMapping("/api/transfers/{id}")
  TransferResponse get(@PathVariable long id) {
    return transfers
        .get(UserIds.current(), id)
        .map(TransferResponse::of)
        .orElseThrow(() -> ApiProblem.notFound("No transfer " + id + "."));
  }

  @GetMapping("/api/transfers")
  List<TransferResponse> list(@RequestParam(required = false) TransferStatus status) {
    return transfers.list(UserIds.current(), status).stream().map(TransferResponse::of).toList();
  }

  @PostMapping("/api/transfers/{id}/cancel")
  TransferResponse cancel(@PathVariable long id) {
    return TransferResponse.of(transfers.cancel(UserIds.current(), id));
  }
}
