package dev.surge.app.pung;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.app.HttpProbe;
import dev.surge.app.HttpProbe.Reply;
import dev.surge.app.SurgeApplication;
import dev.surge.pung.Bucket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The pung HTTP contract of API.md, against the app in embedded mode, called as a client. */
class PungApiIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;

  private static ConfigurableApplicationContext app;
  private static HttpProbe http;
  private static long next = System.nanoTime() % 1_000_000_000L * 100;

  @BeforeAll
  static void start() {
    app =
        new SpringApplicationBuilder(SurgeApplication.class)
            .run("--server.port=0", "--surge.embedded.data-dir=" + dataDir);
    http = new HttpProbe(((WebServerApplicationContext) app).getWebServer().getPort());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static Reply call(String method, String path, String token, String json, String... headers) {
    Map<String, String> named = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      named.put(headers[i], headers[i + 1]);
    }
    return http.send(method, path, token, named, json);
  }

  /** A fresh user and its token. */
  static User user() {
    long id = ++next;
    return new User(id, http.token(id));
  }

  record User(long id, String token) {}

  static void befriend(User a, User b) {
    assertThat(call("PUT", "/api/friends/" + b.id(), a.token(), null).status()).isEqualTo(204);
  }

  static String post(User author, String text) {
    Reply r =
        call(
            "POST",
            "/api/pungs",
            author.token(),
            "{\"text\":\"" + text + "\",\"audience\":{\"type\":\"ALL_FRIENDS\"}}");
    assertThat(r.status()).as("%s", r.body()).isEqualTo(201);
    return r.json().get("id").asString();
  }

  static List<String> feed(User viewer) {
    Reply r = call("GET", "/api/feed", viewer.token(), null);
    assertThat(r.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().get("items").forEach(i -> ids.add(i.get("id").asString()));
    return ids;
  }

  @Test
  void friendsAreMutualIdempotentAndListed() {
    User a = user();
    User b = user();
    befriend(a, b);
    befriend(a, b);
    assertThat(call("GET", "/api/friends", b.token(), null).json().get("friendIds").get(0).asLong())
        .isEqualTo(a.id());
    assertThat(call("DELETE", "/api/friends/" + a.id(), b.token(), null).status()).isEqualTo(204);
    assertThat(call("DELETE", "/api/friends/" + a.id(), b.token(), null).status()).isEqualTo(204);
    assertThat(call("GET", "/api/friends", a.token(), null).json().get("friendIds").size())
        .isZero();
    assertThat(call("PUT", "/api/friends/" + a.id(), a.token(), null).status()).isEqualTo(422);
    assertThat(call("PUT", "/api/friends/abc", a.token(), null).status()).isEqualTo(400);
    assertThat(call("PUT", "/api/friends/-3", a.token(), null).status()).isEqualTo(400);
  }

  @Test
  void postedPungReachesFriendsFeedWithRevisionEtagAnd304() {
    User author = user();
    User friend = user();
    User stranger = user();
    befriend(author, friend);
    Reply posted =
        call(
            "POST",
            "/api/pungs",
            author.token(),
            "{\"text\":\"hi\",\"audience\":{\"type\":\"ALL_FRIENDS\"}}");
    assertThat(posted.status()).isEqualTo(201);
    JsonNode body = posted.json();
    assertThat(body.get("id").isString()).isTrue();
    assertThat(body.get("authorId").asLong()).isEqualTo(author.id());
    assertThat(body.get("text").asString()).isEqualTo("hi");
    assertThat(body.get("audienceSize").asInt()).isEqualTo(1);
    assertThat(body.hasNonNull("createdAt") && body.hasNonNull("expiresAt")).isTrue();
    String id = body.get("id").asString();

    await().atMost(WAIT).until(() -> feed(friend).contains(id));
    Reply page = call("GET", "/api/feed?limit=10", friend.token(), null);
    String etag = page.header("ETag");
    assertThat(etag).isEqualTo("\"" + page.json().get("revision").asString() + "\"");
    JsonNode item = page.json().get("items").get(0);
    assertThat(item.get("authorId").asLong()).isEqualTo(author.id());
    assertThat(page.json().get("nextCursor").isNull()).isTrue();
    Reply notModified = call("GET", "/api/feed", friend.token(), null, "If-None-Match", etag);
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.header("ETag")).isEqualTo(etag);

    assertThat(call("GET", "/api/pungs/" + id, friend.token(), null).status()).isEqualTo(200);
    assertThat(call("GET", "/api/pungs/" + id, author.token(), null).status()).isEqualTo(200);
    assertThat(call("GET", "/api/pungs/" + id, stranger.token(), null).status()).isEqualTo(404);
    assertThat(feed(stranger)).isEmpty();
    assertThat(call("DELETE", "/api/pungs/" + id, friend.token(), null).status()).isEqualTo(404);

    assertThat(call("DELETE", "/api/pungs/" + id, author.token(), null).status()).isEqualTo(204);
    assertThat(call("GET", "/api/pungs/" + id, author.token(), null).status()).isEqualTo(404);
    assertThat(call("GET", "/api/pungs/" + id, friend.token(), null).status()).isEqualTo(404);
    await()
        .atMost(WAIT)
        .until(
            () ->
                call("GET", "/api/feed", friend.token(), null, "If-None-Match", etag).status()
                    == 200);
    assertThat(feed(friend)).doesNotContain(id);
  }

  @Test
  void selectedAudienceAndUnfriending() {
    User author = user();
    User chosen = user();
    User other = user();
    User stranger = user();
    befriend(author, chosen);
    befriend(author, other);
    Reply refused =
        call(
            "POST",
            "/api/pungs",
            author.token(),
            "{\"text\":\"x\",\"audience\":{\"type\":\"SELECTED\",\"userIds\":["
                + stranger.id()
                + "]}}");
    assertThat(refused.status()).isEqualTo(422);
    Reply posted =
        call(
            "POST",
            "/api/pungs",
            author.token(),
            "{\"text\":\"x\",\"audience\":{\"type\":\"SELECTED\",\"userIds\":["
                + chosen.id()
                + "]}}");
    assertThat(posted.status()).isEqualTo(201);
    String id = posted.json().get("id").asString();
    await().atMost(WAIT).until(() -> feed(chosen).contains(id));
    assertThat(feed(other)).isEmpty();
    assertThat(call("GET", "/api/pungs/" + id, other.token(), null).status()).isEqualTo(404);

    assertThat(call("DELETE", "/api/friends/" + author.id(), chosen.token(), null).status())
        .isEqualTo(204);
    assertThat(call("GET", "/api/pungs/" + id, chosen.token(), null).status()).isEqualTo(404);
    await().atMost(WAIT).until(() -> feed(chosen).isEmpty());
  }

  @Test
  void badInputIsA400ProblemNeverA5xx() {
    User u = user();
    String[] bodies = {
      "",
      "{}",
      "not json",
      "{\"text\":\"\",\"audience\":{\"type\":\"ALL_FRIENDS\"}}",
      "{\"text\":\"" + "x".repeat(501) + "\",\"audience\":{\"type\":\"ALL_FRIENDS\"}}",
      "{\"text\":\"x\"}",
      "{\"text\":\"x\",\"audience\":{\"type\":\"EVERYONE\"}}",
      "{\"text\":\"x\",\"audience\":{\"type\":\"SELECTED\"}}",
      "{\"text\":\"x\",\"audience\":{\"type\":\"SELECTED\",\"userIds\":[]}}",
      "{\"text\":\"x\",\"audience\":{\"type\":\"SELECTED\",\"userIds\":[-1]}}",
      "{\"text\":\"x\",\"audience\":{\"type\":\"SELECTED\",\"userIds\":[\"a\"]}}",
    };
    for (String b : bodies) {
      Reply r = call("POST", "/api/pungs", u.token(), b);
      r.problem(400);
    }
    StringBuilder huge =
        new StringBuilder("{\"text\":\"x\",\"audience\":{\"type\":\"SELECTED\",\"userIds\":[1");
    for (int i = 2; i <= 6000; i++) {
      huge.append(',').append(i);
    }
    assertThat(call("POST", "/api/pungs", u.token(), huge + "]}}").status()).isEqualTo(400);
    assertThat(call("GET", "/api/pungs/abc", u.token(), null).status()).isEqualTo(400);
    assertThat(call("GET", "/api/pungs/99999999999999999999", u.token(), null).status())
        .isEqualTo(400);
    assertThat(call("GET", "/api/pungs/123", u.token(), null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/api/pungs/123", u.token(), null).status()).isEqualTo(404);
    for (String q : new String[] {"limit=0", "limit=201", "limit=x", "cursor=abc", "cursor=-5"}) {
      call("GET", "/api/feed?" + q, u.token(), null).problem(400);
    }
    assertThat(call("GET", "/api/feed", u.token(), null, "If-None-Match", "garbage").status())
        .isEqualTo(200);
  }

  @Test
  void feedPagesWithCursorNewestFirst() {
    User author = user();
    User viewer = user();
    befriend(author, viewer);
    List<String> posted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      posted.add(0, post(author, "p" + i));
    }
    await().atMost(WAIT).until(() -> feed(viewer).size() == 5);
    Reply first = call("GET", "/api/feed?limit=2", viewer.token(), null);
    String cursor = first.json().get("nextCursor").asString();
    Reply second = call("GET", "/api/feed?limit=2&cursor=" + cursor, viewer.token(), null);
    List<String> ids = new ArrayList<>();
    first.json().get("items").forEach(i -> ids.add(i.get("id").asString()));
    second.json().get("items").forEach(i -> ids.add(i.get("id").asString()));
    assertThat(ids).isEqualTo(posted.subList(0, 4));
  }

  @Test
  void adminCopiesABucketRangeAndPurgesItOnlyWhereTheMapNoLongerAssignsIt() {
    String copy = "/api/admin/pung/buckets/copy";
    String purge = "/api/admin/pung/buckets/purge";
    String admin = http.token(1, "ADMIN");
    User author = user();
    User viewer = user();
    while (Bucket.of(viewer.id(), Bucket.DEFAULT_COUNT).index() < 768) {
      viewer = user();
    }
    befriend(author, viewer);
    String id = post(author, "moved");
    User moved = viewer;
    await().atMost(WAIT).until(() -> feed(moved).contains(id));

    // The embedded map is 0-511=0,512-1023=1: copy 768-1023 to shard 0, which does not own them.
    String range = "{\"first\":768,\"last\":1023,";
    Reply copied = call("POST", copy, admin, range + "\"sourceShard\":1,\"targetShard\":0}");
    assertThat(copied.status()).as("%s", copied.body()).isEqualTo(200);
    long rows = copied.json().get("rows").asLong();
    assertThat(rows).isPositive();
    call("POST", purge, admin, range + "\"shard\":1}").problem(409);
    Reply purged = call("POST", purge, admin, range + "\"shard\":0}");
    assertThat(purged.status()).as("%s", purged.body()).isEqualTo(200);
    assertThat(purged.json().get("rows").asLong()).isEqualTo(rows);
    assertThat(feed(moved)).contains(id);

    for (String bad :
        new String[] {
          "{}",
          "not json",
          "{\"first\":5,\"last\":4,\"sourceShard\":1,\"targetShard\":0}",
          "{\"first\":-1,\"last\":4,\"sourceShard\":1,\"targetShard\":0}",
          "{\"first\":0,\"last\":1024,\"sourceShard\":1,\"targetShard\":0}",
          "{\"first\":0,\"last\":4,\"sourceShard\":2,\"targetShard\":0}",
          "{\"first\":0,\"last\":4,\"sourceShard\":1,\"targetShard\":1}",
        }) {
      call("POST", copy, admin, bad).problem(400);
    }
    call("POST", purge, admin, "{\"first\":0,\"last\":4,\"shard\":2}").problem(400);
    call("POST", copy, user().token(), range + "\"sourceShard\":1,\"targetShard\":0}").problem(403);
  }
}
