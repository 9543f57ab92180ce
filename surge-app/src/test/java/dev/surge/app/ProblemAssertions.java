package dev.surge.app;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** Checks that a reply is an RFC 9457 problem with the given status. */
final class ProblemAssertions {

  private ProblemAssertions() {}

  static JsonNode assertProblem(HttpProbe.Reply reply, int status) {
    assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    JsonNode body = reply.json();
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.hasNonNull("type")).as("type in %s", reply).isTrue();
    assertThat(body.hasNonNull("title")).as("title in %s", reply).isTrue();
    assertThat(body.hasNonNull("detail")).as("detail in %s", reply).isTrue();
    return body;
  }
}
