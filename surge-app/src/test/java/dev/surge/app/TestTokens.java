package dev.surge.app;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Signs HS256 tokens the way an external identity provider sharing the secret would. */
final class TestTokens {

  private TestTokens() {}

  static String sign(String secret, long userId, String... roles) {
    try {
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .subject(Long.toString(userId))
              .claim("roles", List.of(roles))
              .issueTime(new Date())
              .expirationTime(Date.from(Instant.now().plusSeconds(600)))
              .build();
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
