package dev.surge.app.transfer;

import dev.surge.app.HttpProbe;
import java.util.Map;

/**
 * The app's test client with the transfer call, which carries an {@code Idempotency-Key} (none when
 * the key is null).
 */
final class Client extends HttpProbe {

  Client(int port) {
    super(port);
  }

  Reply transfer(String token, String key, String json) {
    Map<String, String> headers = key == null ? Map.of() : Map.of("Idempotency-Key", key);
    return send("POST", "/api/transfers", token, headers, json);
  }
}
