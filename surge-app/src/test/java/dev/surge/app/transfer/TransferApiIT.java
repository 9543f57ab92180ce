package dev.surge.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.app.HttpProbe;
import dev.surge.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The wallet, bank and transfer HTTP contract in embedded mode (H2, in-process Kafka and Redis),
 * with a settable clock so maintenance windows end when the test says so.
 */
class TransferApiIT {

  static final String OPEN_BANK = "090";
  static final String BANK = "004";

  private static final SettableClock clock = SettableClock.startingNow();

  @RegisterExtension
  static final EmbeddedApp app =
      new EmbeddedApp(
          clock,
          "--surge.transfer.dispatch-interval=PT1H",
          "--surge.transfer.simulator-latency=PT0.001S");

  private final Client client = app.client();
  private final String admin = app.admin();

  private static long newUser() {
    return ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
  }

  private String userWith(long userId, long balance) {
    HttpProbe.Reply credit =
        client.post(
            "/api/admin/wallets/" + userId + "/credit", admin, "{\"amount\": " + balance + "}");
    assertThat(credit.status()).as("credit %s", credit).isEqualTo(200);
    return client.token(userId);
  }

  private static String body(String bank, long amount) {
    return "{\"bankCode\":\""
        + bank
        + "\",\"accountNumber\":\"110-222-333333\",\"amount\":"
        + amount
        + ",\"memo\":\"rent\"}";
  }

  /** Puts {@link #BANK} in maintenance from a minute ago until {@code minutes} from now. */
  private Instant maintenance(int minutes) {
    Instant now = clock.instant();
    Instant end =
        now.plus(Duration.ofMinutes(minutes)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    HttpProbe.Reply put =
        client.put(
            "/api/admin/banks/" + BANK + "/maintenance",
            admin,
            "{\"daily\":[],\"windows\":[{\"start\":\""
                + now.minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "\",\"end\":\""
                + end
                + "\"}]}");
    assertThat(put.status()).as("maintenance %s", put).isEqualTo(200);
    assertThat(put.json().get("open").asBoolean()).isFalse();
    assertThat(Instant.parse(put.json().get("nextOpenAt").asString())).isEqualTo(end);
    return end;
  }

  private long balance(String token) {
    return client.get("/api/wallet", token).json().get("balance").asLong();
  }

  private JsonNode awaitStatus(String token, String id, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                status.equals(
                    client.get("/api/transfers/" + id, token).json().get("status").asString()));
    return client.get("/api/transfers/" + id, token).json();
  }

  @Test
  void walletIsCreditedByAdminsOnly() {
    long user = newUser();
    String token = client.token(user);
    HttpProbe.Reply empty = client.get("/api/wallet", token);
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.json().get("userId").asLong()).isEqualTo(user);
    assertThat(empty.json().get("balance").asLong()).isZero();

    HttpProbe.Reply credit =
        client.post("/api/admin/wallets/" + user + "/credit", admin, "{\"amount\": 5000}");
    assertThat(credit.status()).isEqualTo(200);
    assertThat(credit.json().get("balance").asLong()).isEqualTo(5000);
    assertThat(balance(token)).isEqualTo(5000);

    assertThat(
            client
                .post("/api/admin/wallets/" + user + "/credit", token, "{\"amount\": 1}")
                .status())
        .isEqualTo(403);
    for (String bad :
        new String[] {
          "{\"amount\": 0}", "{\"amount\": -5}", "{\"amount\": 1.5}", "{\"amount\": 1e13}",
          "{\"amount\": \"abc\"}", "{}", "[]", "not json"
        }) {
      client.post("/api/admin/wallets/" + user + "/credit", admin, bad).problem(400);
    }
    client.post("/api/admin/wallets/abc/credit", admin, "{\"amount\": 1}").problem(400);
    client.post("/api/admin/wallets/-3/credit", admin, "{\"amount\": 1}").problem(400);
    assertThat(balance(token)).isEqualTo(5000);
  }

  @Test
  void banksAreListedWithTheirWindowsAndAdminsReplaceThem() {
    JsonNode banks = client.get("/api/banks", client.token(newUser())).json();
    assertThat(banks.size()).isGreaterThanOrEqualTo(5);
    JsonNode kb = null;
    for (JsonNode bank : banks) {
      assertThat(bank.has("code") && bank.has("name") && bank.has("open")).isTrue();
      assertThat(bank.has("nextOpenAt") && bank.has("daily") && bank.has("windows")).isTrue();
      if (bank.get("code").asString().equals("011")) {
        kb = bank;
      }
    }
    assertThat(kb).isNotNull();
    assertThat(kb.get("daily").get(0).get("start").asString()).isEqualTo("23:30");
    assertThat(kb.get("daily").get(0).get("end").asString()).isEqualTo("00:30");

    HttpProbe.Reply daily =
        client.put(
            "/api/admin/banks/081/maintenance",
            admin,
            "{\"daily\":[{\"start\":\"23:00\",\"end\":\"01:00\"}],\"windows\":[]}");
    assertThat(daily.status()).isEqualTo(200);
    assertThat(daily.json().get("daily").get(0).get("end").asString()).isEqualTo("01:00");

    String path = "/api/admin/banks/081/maintenance";
    for (String bad :
        new String[] {
          "{\"daily\":[{\"start\":\"25:00\",\"end\":\"01:00\"}]}",
          "{\"daily\":[{\"start\":\"10:00\",\"end\":\"10:00\"}]}",
          "{\"daily\":[{\"start\":\"10:00\"}]}",
          "{\"windows\":[{\"start\":\"2026-01-02T00:00:00Z\",\"end\":\"2026-01-01T00:00:00Z\"}]}",
          "{\"windows\":[{\"start\":\"yesterday\",\"end\":\"2026-01-01T00:00:00Z\"}]}",
          "{\"daily\":[null]}",
          "{\"windows\":[{\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"+999999999-12-31T23:59:59Z\"}]}"
        }) {
      client.put(path, admin, bad).problem(400);
    }
    client.put("/api/admin/banks/nope/maintenance", admin, "{}").problem(404);
    assertThat(client.put(path, client.token(newUser()), "{}").status()).isEqualTo(403);
  }

  @Test
  void anOpenBankCompletesAtOnceAndKeysReplay() {
    long user = newUser();
    String token = userWith(user, 10_000);

    HttpProbe.Reply created = client.transfer(token, "key-1", body(OPEN_BANK, 3_000));

    assertThat(created.status()).as("%s", created).isEqualTo(201);
    JsonNode t = created.json();
    String id = t.get("id").asString();
    assertThat(t.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(t.get("amount").asLong()).isEqualTo(3_000);
    assertThat(t.get("bankCode").asString()).isEqualTo(OPEN_BANK);
    assertThat(t.get("accountNumber").asString()).isEqualTo("110-222-333333");
    assertThat(t.get("memo").asString()).isEqualTo("rent");
    assertThat(t.hasNonNull("createdAt") && t.hasNonNull("completedAt")).isTrue();
    assertThat(t.has("scheduledAt") && t.has("failureReason")).isTrue();
    assertThat(balance(token)).isEqualTo(7_000);
    JsonNode deposits = client.get("/api/admin/bank-sim/deposits?transferId=" + id, admin).json();
    assertThat(deposits.size()).isEqualTo(1);
    assertThat(deposits.get(0).get("transferId").asString()).isEqualTo(id);
    assertThat(deposits.get(0).get("amount").asLong()).isEqualTo(3_000);

    HttpProbe.Reply replay = client.transfer(token, "key-1", body(OPEN_BANK, 3_000));
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.json().get("id").asString()).isEqualTo(id);
    client.transfer(token, "key-1", body(OPEN_BANK, 3_001)).problem(409);
    assertThat(balance(token)).isEqualTo(7_000);

    assertThat(client.get("/api/transfers/" + id, token).json().get("status").asString())
        .isEqualTo("COMPLETED");
    client.get("/api/transfers/" + id, client.token(newUser())).problem(404);
    client.get("/api/transfers/abc", token).problem(400);
    client.get("/api/transfers/999", token).problem(404);
  }

  @Test
  void badTransferRequestsAreRefused() {
    String token = userWith(newUser(), 1_000);

    client.transfer(token, "k", body(OPEN_BANK, 1_001)).problem(422);
    client.transfer(token, "k2", body("999", 10)).problem(400);
    client.transfer(token, null, body(OPEN_BANK, 10)).problem(400);
    client.transfer(token, "", body(OPEN_BANK, 10)).problem(400);
    client.transfer(token, "x".repeat(65), body(OPEN_BANK, 10)).problem(400);
    for (String amount :
        new String[] {"0", "-1", "1.5", "1000000000001", "1e30", "\"ten\"", "null"}) {
      client
          .transfer(
              token,
              "a-" + amount,
              "{\"bankCode\":\"090\",\"accountNumber\":\"1\",\"amount\":" + amount + "}")
          .problem(400);
    }
    client
        .transfer(token, "acct", "{\"bankCode\":\"090\",\"accountNumber\":\"\",\"amount\":1}")
        .problem(400);
    client
        .transfer(
            token,
            "acct2",
            "{\"bankCode\":\"090\",\"accountNumber\":\"" + "1".repeat(40) + "\",\"amount\":1}")
        .problem(400);
    client
        .transfer(
            token,
            "memo",
            "{\"bankCode\":\"090\",\"accountNumber\":\"1\",\"amount\":1,\"memo\":\""
                + "m".repeat(101)
                + "\"}")
        .problem(400);
    client.transfer(token, "nobody", null).problem(400);
    client.get("/api/transfers?status=NOPE", token).problem(400);
    assertThat(balance(token)).isEqualTo(1_000);
    assertThat(client.get("/api/transfers", token).json().size()).isZero();
  }

  @Test
  void maintenanceDelaysCancelRefundsAndKafkaDispatchCompletes() {
    long user = newUser();
    String token = userWith(user, 10_000);
    Instant end = maintenance(10);

    HttpProbe.Reply first = client.transfer(token, "d1", body(BANK, 1_000));
    HttpProbe.Reply second = client.transfer(token, "d2", body(BANK, 2_000));

    assertThat(first.status()).as("%s", first).isEqualTo(202);
    assertThat(first.json().get("status").asString()).isEqualTo("DELAYED");
    assertThat(Instant.parse(first.json().get("scheduledAt").asString())).isEqualTo(end);
    assertThat(client.get("/api/transfers/" + first.json().get("id").asString(), token).json())
        .as("a later read answers as the request did")
        .isEqualTo(first.json());
    assertThat(balance(token)).isEqualTo(7_000);
    JsonNode delayed = client.get("/api/transfers?status=DELAYED", token).json();
    assertThat(delayed.size()).isEqualTo(2);
    assertThat(delayed.get(0).get("id").asString())
        .as("newest first")
        .isEqualTo(second.json().get("id").asString());

    String firstId = first.json().get("id").asString();
    HttpProbe.Reply canceled = client.post("/api/transfers/" + firstId + "/cancel", token, null);
    assertThat(canceled.status()).isEqualTo(200);
    assertThat(canceled.json().get("status").asString()).isEqualTo("CANCELED");
    assertThat(balance(token)).isEqualTo(8_000);
    client.post("/api/transfers/" + firstId + "/cancel", token, null).problem(409);
    client
        .post("/api/transfers/" + firstId + "/cancel", client.token(newUser()), null)
        .problem(404);

    assertThat(client.put("/api/admin/transfer-dispatch", admin, "{\"mode\":\"KAFKA\"}").status())
        .isEqualTo(200);
    JsonNode early = client.post("/api/admin/transfer-dispatch/run", admin, null).json();
    assertThat(early.get("dispatched").asInt()).isZero();
    clock.set(end.plusSeconds(1));
    JsonNode run = client.post("/api/admin/transfer-dispatch/run", admin, null).json();
    assertThat(run.get("mode").asString()).isEqualTo("KAFKA");
    assertThat(run.get("dispatched").asInt()).isGreaterThanOrEqualTo(1);

    String secondId = second.json().get("id").asString();
    JsonNode done = awaitStatus(token, secondId, "COMPLETED");
    assertThat(done.hasNonNull("completedAt")).isTrue();
    assertThat(
            client.get("/api/admin/bank-sim/deposits?transferId=" + secondId, admin).json().size())
        .isEqualTo(1);
    assertThat(
            client.get("/api/admin/bank-sim/deposits?transferId=" + firstId, admin).json().size())
        .isZero();
    client.post("/api/transfers/" + secondId + "/cancel", token, null).problem(409);
    assertThat(balance(token)).isEqualTo(8_000);
    JsonNode metric =
        client.get("/actuator/metrics/surge.transfer.dispatched?tag=path:kafka", null).json();
    assertThat(metric.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void theDirectPathRunsAfterTheSwitch() {
    String token = userWith(newUser(), 5_000);
    client.put("/api/admin/transfer-dispatch", admin, "{\"mode\":\"SIDEWAYS\"}").problem(400);
    client.put("/api/admin/transfer-dispatch", admin, "{}").problem(400);
    HttpProbe.Reply direct =
        client.put("/api/admin/transfer-dispatch", admin, "{\"mode\":\"DIRECT\"}");
    assertThat(direct.json().get("mode").asString()).isEqualTo("DIRECT");
    assertThat(client.get("/api/admin/transfer-dispatch", admin).json().get("mode").asString())
        .isEqualTo("DIRECT");
    try {
      Instant end = maintenance(5);
      String id = client.transfer(token, "direct", body(BANK, 500)).json().get("id").asString();
      clock.set(end.plusSeconds(1));

      JsonNode run = client.post("/api/admin/transfer-dispatch/run", admin, null).json();

      assertThat(run.get("mode").asString()).isEqualTo("DIRECT");
      assertThat(client.get("/api/transfers/" + id, token).json().get("status").asString())
          .isEqualTo("COMPLETED");
      JsonNode metric =
          client.get("/actuator/metrics/surge.transfer.dispatched?tag=path:direct", null).json();
      assertThat(metric.get("measurements").get(0).get("value").asDouble())
          .isGreaterThanOrEqualTo(1);
    } finally {
      client.put("/api/admin/transfer-dispatch", admin, "{\"mode\":\"KAFKA\"}");
    }
  }

  @Test
  void aFailingBankFailsTheTransferAndRefunds() {
    String token = userWith(newUser(), 5_000);
    HttpProbe.Reply sim =
        client.put("/api/admin/bank-sim", admin, "{\"latencyMs\": 0, \"failureRate\": 1.0}");
    assertThat(sim.status()).isEqualTo(200);
    client.put("/api/admin/bank-sim", admin, "{\"failureRate\": 2}").problem(400);
    client.put("/api/admin/bank-sim", admin, "{\"latencyMs\": -1}").problem(400);
    try {
      HttpProbe.Reply failed = client.transfer(token, "fail", body(OPEN_BANK, 1_500));

      assertThat(failed.status()).isEqualTo(201);
      assertThat(failed.json().get("status").asString()).isEqualTo("FAILED");
      assertThat(failed.json().get("failureReason").asString()).contains("BANK_UNAVAILABLE");
      assertThat(balance(token)).isEqualTo(5_000);
    } finally {
      client.put("/api/admin/bank-sim", admin, "{\"latencyMs\": 1, \"failureRate\": 0.0}");
    }
  }

  @Test
  void fiftyParallelRequestsNeverOverdrawTheWallet() throws Exception {
    String token = userWith(newUser(), 10_000);
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String key = "p-" + i;
      statuses.add(
          pool.submit(
              () -> {
                go.await();
                return client.transfer(token, key, body(OPEN_BANK, 1_000)).status();
              }));
    }
    go.countDown();
    List<Integer> codes = new ArrayList<>();
    for (Future<Integer> f : statuses) {
      codes.add(f.get());
    }
    pool.shutdown();

    assertThat(codes).filteredOn(c -> c == 201).hasSize(10);
    assertThat(codes).filteredOn(c -> c == 422).hasSize(40);
    assertThat(balance(token)).isZero();
    assertThat(client.get("/api/transfers?status=COMPLETED", token).json().size()).isEqualTo(10);
  }
}
