package dev.surge.app.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Resolves the HMAC key that signs and verifies bearer tokens. */
final class JwtSecret {

  static final int MIN_BYTES = 32;
  static final String FILE_NAME = "jwt-secret";

  private JwtSecret() {}

  /**
   * The configured secret, or in embedded mode the one kept in {@code dataDir} (generated on first
   * start, so tokens survive a restart and a second instance can share the key).
   */
  static SecretKey resolve(String configured, boolean embedded, Path dataDir) throws IOException {
    String secret = configured;
    if (secret == null || secret.isBlank()) {
      if (!embedded) {
        throw new IllegalStateException(
            "surge.auth.jwt-secret must be set (at least "
                + MIN_BYTES
                + " bytes) outside embedded mode");
      }
      secret = loadOrCreate(dataDir.resolve(FILE_NAME));
    }
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_BYTES) {
      throw new IllegalStateException(
          "surge.auth.jwt-secret must be at least " + MIN_BYTES + " bytes, was " + bytes.length);
    }
    return new SecretKeySpec(bytes, "HmacSHA256");
  }

  private static String loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    byte[] random = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Files.createDirectories(file.getParent());
    Files.writeString(file, secret, StandardCharsets.UTF_8);
    return secret;
  }
}
