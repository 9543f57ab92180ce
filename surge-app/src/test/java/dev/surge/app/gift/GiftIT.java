package dev.surge.app.gift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.surge.app.HttpProbe;
import dev.surge.app.SurgeApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Gift promotions over HTTP on two instances: the first embedded (in-JVM ticks), the second sharing
 * its engines in external mode (ticks on the machine's RabbitMQ).
 */
class GiftIT {

  @TempDir static Path dataDir;

  private static final String TICKS = "surge-test-gift-ticks-" + UUID.randomUUID();

  private static ConfigurableApplicationContext first;
  private static ConfigurableApplicationContext second;
  private static HttpProbe one;
  private static HttpProbe two;
  private static String admin;
  private static String user;

  @BeforeAll
  static void start() {
    first = run("--server.port=0", "--surge.embedded.data-dir=" + dataDir);
    second =
        run(
            "--spring.config.import=file:" + dataDir.resolve("second-instance.properties"),
            "--server.port=0",
            "--surge.gift.tick-name=" + TICKS);
    one = new HttpProbe(port(first));
    two = new HttpProbe(port(second));
    admin = one.token(1, "ADMIN");
    user = one.token(2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
    ConnectionFactory amqp = new ConnectionFactory();
    amqp.setHost("127.0.0.1");
    try (Connection c = amqp.newConnection();
        Channel ch = c.createChannel()) {
      ch.queueDelete(TICKS + ".work");
      ch.queueDelete(TICKS + ".delay");
    }
  }

  @Test
  void anAdminChangeIsServedByBothInstancesWithinOneSecond() {
    putProduct(101, "Cake", 30000, false);
    putProduct(102, "Coffee", 4500, false);
    assertThat(
            one.put(
                    "/api/admin/promotions/100",
                    admin,
                    "{\"title\":\"Birthday\",\"productIds\":[101,102]}")
                .status())
        .isEqualTo(200);
    JsonNode page = one.get("/api/promotions/100", user).json();
    assertThat(page.get("id").asLong()).isEqualTo(100);
    assertThat(page.get("title").asString()).isEqualTo("Birthday");
    assertThat(page.at("/products/0/name").asString()).isEqualTo("Cake");
    assertThat(page.at("/products/1/price").asLong()).isEqualTo(4500);
    assertThat(page.at("/products/1/soldOut").asBoolean()).isFalse();
    assertThat(two.get("/api/promotions/100", user).json()).isEqualTo(page);

    putProduct(102, "Coffee", 5000, true);

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () -> {
              for (HttpProbe instance : new HttpProbe[] {one, two}) {
                JsonNode now = instance.get("/api/promotions/100", user).json();
                assertThat(now.at("/products/1/price").asLong()).isEqualTo(5000);
                assertThat(now.at("/products/1/soldOut").asBoolean()).isTrue();
              }
            });

    assertThat(
            two.put("/api/admin/promotions/100", admin, "{\"title\":\"Renamed\",\"productIds\":[]}")
                .status())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> one.get("/api/promotions/100", user).json().get("title").asString(),
            "Renamed"::equals);
    assertThat(one.get("/api/promotions/100", user).json().get("products").size()).isZero();
  }

  @Test
  void anUnknownPromotionIs404UntilItIsCreated() {
    one.get("/api/promotions/900", user).problem(404);
    two.get("/api/promotions/900", user).problem(404);
    one.get("/api/promotions/0", user).problem(404);
    one.get("/api/promotions/abc", user).problem(400);
    one.get("/api/promotions/99999999999999999999", user).problem(400);

    assertThat(
            one.put("/api/admin/promotions/900", admin, "{\"title\":\"New\",\"productIds\":[]}")
                .status())
        .isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(1))
        .until(() -> two.get("/api/promotions/900", user).status() == 200);
    assertThat(one.get("/api/promotions/900", user).json().get("title").asString())
        .isEqualTo("New");
  }

  @Test
  void badAdminInputIsAValidationProblem() {
    String product = "/api/admin/products/7";
    assertField(one.put(product, admin, "{\"name\":\"\",\"price\":1,\"soldOut\":false}"), "name");
    assertField(
        one.put(
            product, admin, "{\"name\":\"" + "x".repeat(201) + "\",\"price\":1,\"soldOut\":false}"),
        "name");
    assertField(
        one.put(product, admin, "{\"name\":\"a\",\"price\":-1,\"soldOut\":false}"), "price");
    assertField(
        one.put(product, admin, "{\"name\":\"a\\u0000b\",\"price\":1,\"soldOut\":false}"), "name");
    assertField(one.put(product, admin, "{\"name\":\"a\",\"price\":1}"), "soldOut");
    one.put(product, admin, "{\"name\":\"a\",\"price\":\"x\",\"soldOut\":false}").problem(400);
    one.put(product, admin, "{\"name\":\"a\",\"price\":1e400,\"soldOut\":false}").problem(400);
    one.put(product, admin, "").problem(400);
    one.put("/api/admin/products/abc", admin, "{\"name\":\"a\",\"price\":1,\"soldOut\":false}")
        .problem(400);
    one.put("/api/admin/products/0", admin, "{\"name\":\"a\",\"price\":1,\"soldOut\":false}")
        .problem(400);

    String promotion = "/api/admin/promotions/8";
    assertField(one.put(promotion, admin, "{\"title\":\" \",\"productIds\":[]}"), "title");
    assertField(one.put(promotion, admin, "{\"title\":\"t\"}"), "productIds");
    assertField(one.put(promotion, admin, "{\"title\":\"a\\u0000b\",\"productIds\":[]}"), "title");
    one.put(promotion, admin, "{\"title\":\"t\",\"productIds\":[0]}").problem(400);
    one.put(promotion, admin, "{\"title\":\"t\",\"productIds\":[null]}").problem(400);
    String tooMany =
        LongStream.rangeClosed(1, 101).mapToObj(Long::toString).collect(Collectors.joining(","));
    assertField(
        one.put(promotion, admin, "{\"title\":\"t\",\"productIds\":[" + tooMany + "]}"),
        "productIds");
    one.get("/api/promotions/8", user).problem(404);
  }

  @Test
  void adminPathsNeedTheAdminRole() {
    String body = "{\"name\":\"a\",\"price\":1,\"soldOut\":false}";
    one.put("/api/admin/products/7", user, body).problem(403);
    one.put("/api/admin/promotions/7", user, "{\"title\":\"t\",\"productIds\":[]}").problem(403);
    one.put("/api/admin/products/7", null, body).problem(401);
    one.get("/api/promotions/7", null).problem(401);
  }

  @Test
  void hotPromotionsAndOriginLoadsAreVisible() {
    assertThat(
            one.put("/api/admin/promotions/300", admin, "{\"title\":\"Hot\",\"productIds\":[]}")
                .status())
        .isEqualTo(200);
    for (int i = 0; i < 30; i++) {
      assertThat(one.get("/api/promotions/300", user).status()).isEqualTo(200);
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              JsonNode hot = one.get("/api/promotions/hot", user).json();
              assertThat(hot.isArray()).isTrue();
              assertThat(hot.size()).isPositive();
              assertThat(hot.get(0).get("promotionId").asLong()).isEqualTo(300);
              assertThat(hot.get(0).get("kind").asString()).isEqualTo("SPIKE");
              assertThat(hot.get(0).get("score").asDouble()).isPositive();
            });
    JsonNode loads =
        one.get("/actuator/metrics/surge.cache.loads?tag=cache:promotion", null).json();
    assertThat(loads.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1);
    assertThat(
            one.get("/actuator/metrics/surge.gift.origin.calls", null)
                .json()
                .at("/measurements/0/value")
                .asDouble())
        .isGreaterThanOrEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                one.get("/actuator/metrics/surge.gift.ticks", null)
                        .json()
                        .at("/measurements/0/value")
                        .asDouble()
                    >= 1);
  }

  private static void putProduct(long id, String name, long price, boolean soldOut) {
    HttpProbe.Reply reply =
        one.put(
            "/api/admin/products/" + id,
            admin,
            "{\"name\":\"" + name + "\",\"price\":" + price + ",\"soldOut\":" + soldOut + "}");
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    assertThat(reply.json().get("price").asLong()).isEqualTo(price);
  }

  private static void assertField(HttpProbe.Reply reply, String field) {
    JsonNode problem = reply.problem(400);
    assertThat(problem.get("errors").findValuesAsString("field")).as("%s", reply).contains(field);
  }

  private static ConfigurableApplicationContext run(String... args) {
    return new SpringApplicationBuilder(SurgeApplication.class).run(args);
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }
}
