package dev.surge.app.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token settings. {@code jwtSecret} is the HMAC key (at least 32 bytes of UTF-8); when blank in
 * embedded mode a key is generated once and kept in the data directory.
 */
@ConfigurationProperties("surge.auth")
public record AuthProperties(String jwtSecret, boolean devTokens, Duration devTokenTtl) {}
