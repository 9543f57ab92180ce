package dev.surge.app.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Issues tokens for any user id; exists only while {@code surge.auth.dev-tokens=true}. */
@RestController
@ConditionalOnProperty(name = "surge.auth.dev-tokens", havingValue = "true")
class DevTokenController {

  record TokenRequest(
      @NotNull @Positive Long userId,
      @Size(max = 16) List<@NotBlank @Size(max = 32) String> roles) {}

  record TokenResponse(String token) {}

  private final JwtEncoder encoder;
  private final AuthProperties properties;
  private final Clock clock;

  DevTokenController(JwtEncoder encoder, AuthProperties properties, Clock clock) {
    this.encoder = encoder;
    this.properties = properties;
    this.clock = clock;
  }

  @PostMapping("/api/dev/tokens")
  TokenResponse issue(@Valid @RequestBody TokenRequest request) {
    Instant now = clock.instant();
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .subject(Long.toString(request.userId()))
            .issuedAt(now)
            .expiresAt(now.plus(properties.devTokenTtl()))
            .claim(
                SecurityConfiguration.ROLES_CLAIM,
                request.roles() == null ? List.of() : request.roles())
            .build();
    JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
    return new TokenResponse(
        encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue());
  }
}
