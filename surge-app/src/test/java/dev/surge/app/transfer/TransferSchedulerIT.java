package dev.surge.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.app.HttpProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The app as a client drives it, on the real clock: a short maintenance window, a DELAYED transfer,
 * and the periodic dispatcher (every second here) completing it after the window, through Kafka and
 * then, after the rollout switch, directly.
 */
class TransferSchedulerIT {

  @RegisterExtension
  static final EmbeddedApp app = new EmbeddedApp("--surge.transfer.dispatch-interval=PT1S");

  private final Client client = app.client();
  private final String admin = app.admin();

  /** Submits a transfer to bank 081 while it is closed for the next few seconds; returns its id. */
  private String delayedTransfer(String token, String key) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HttpProbe.Reply window =
        client.put(
            "/api/admin/banks/081/maintenance",
            admin,
            "{\"windows\":[{\"start\":\""
                + now.minusSeconds(10)
                + "\",\"end\":\""
                + now.plusSeconds(8)
                + "\"}]}");
    assertThat(window.status()).as("%s", window).isEqualTo(200);
    HttpProbe.Reply created =
        client.transfer(
            token, key, "{\"bankCode\":\"081\",\"accountNumber\":\"3333-01\",\"amount\":700}");
    assertThat(created.status()).as("%s", created).isEqualTo(202);
    return created.json().get("id").asString();
  }

  private void awaitCompleted(String token, String id) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                "COMPLETED"
                    .equals(
                        client.get("/api/transfers/" + id, token).json().get("status").asString()));
    assertThat(client.get("/api/admin/bank-sim/deposits?transferId=" + id, admin).json().size())
        .isEqualTo(1);
  }

  private double dispatched(String path) {
    HttpProbe.Reply metric =
        client.get("/actuator/metrics/surge.transfer.dispatched?tag=path:" + path, null);
    return metric.status() == 200
        ? metric.json().get("measurements").get(0).get("value").asDouble()
        : 0;
  }

  @Test
  void delayedTransfersCompleteAfterTheWindowOnEitherPath() {
    client.post("/api/admin/wallets/4242/credit", admin, "{\"amount\": 10000}");
    String token = client.token(4242);

    String viaKafka = delayedTransfer(token, "sched-kafka");
    awaitCompleted(token, viaKafka);
    assertThat(dispatched("kafka")).isGreaterThanOrEqualTo(1);
    assertThat(dispatched("direct")).isZero();

    client.put("/api/admin/transfer-dispatch", admin, "{\"mode\":\"DIRECT\"}");
    String direct = delayedTransfer(token, "sched-direct");
    awaitCompleted(token, direct);
    assertThat(dispatched("direct")).isGreaterThanOrEqualTo(1);
    assertThat(client.get("/api/wallet", token).json().get("balance").asLong()).isEqualTo(8_600);
  }
}
