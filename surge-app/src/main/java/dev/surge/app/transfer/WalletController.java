package dev.surge.app.transfer;

import dev.surge.app.security.UserIds;
import dev.surge.app.transfer.TransferDtos.CreditRequest;
import dev.surge.app.transfer.TransferDtos.WalletResponse;
import dev.surge.transfer.TransferSystem;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's wallet, and crediting any wallet for admins. */
@RestController
class WalletController {

  private final TransferSystem system;

  WalletController(TransferSystem system) {
    this.system = system;
  }

  @GetMapping("/api/wallet")
  WalletResponse wallet() {
    long user = UserIds.current();
    return new WalletResponse(user, system.wallets().balance(user));
  }

  @PostMapping("/api/admin/wallets/{userId}/credit")
  WalletResponse credit(@PathVariable long userId, @Valid @RequestBody CreditRequest request) {
    if (userId < 1) {
      throw new TransferProblemAdvice.InvalidField("userId", "must be a positive user id");
    }
    long balance = system.wallets().credit(userId, request.amount().longValueExact());
    return new WalletResponse(userId, balance);
  }
}
