package dev.surge.app.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.surge.app.infra.embedded.EmbeddedProperties;
import java.io.IOException;
import java.util.List;
import javax.crypto.SecretKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stateless bearer-token security: HMAC-signed JWTs whose {@code sub} is a positive user id and
 * whose {@code roles} claim grants roles; {@code ADMIN} guards {@code /api/admin/**}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  static final String ROLES_CLAIM = "roles";

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, JsonMapper json) throws Exception {
    ProblemSecurityHandlers problems = new ProblemSecurityHandlers(json);
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers("/api/dev/tokens")
                    .permitAll()
                    .requestMatchers("/api/admin/**")
                    .hasRole("ADMIN")
                    .requestMatchers("/api/**")
                    .authenticated()
                    .anyRequest()
                    .permitAll())
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(authenticationConverter()))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }

  @Bean
  SecretKey jwtSigningKey(AuthProperties auth, EmbeddedProperties embedded) throws IOException {
    return JwtSecret.resolve(auth.jwtSecret(), embedded.enabled(), embedded.dataDir());
  }

  @Bean
  JwtDecoder jwtDecoder(SecretKey key) {
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(
            JwtValidators.createDefault(), SecurityConfiguration::validateSubject));
    return decoder;
  }

  @Bean
  JwtEncoder jwtEncoder(SecretKey key) {
    return new NimbusJwtEncoder(new ImmutableSecret<>(key));
  }

  private static OAuth2TokenValidatorResult validateSubject(Jwt jwt) {
    if (UserIds.parse(jwt.getSubject()) == null) {
      return OAuth2TokenValidatorResult.failure(
          new OAuth2Error("invalid_token", "sub must be a positive user id", null));
    }
    return OAuth2TokenValidatorResult.success();
  }

  private static JwtAuthenticationConverter authenticationConverter() {
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(SecurityConfiguration::roles);
    return converter;
  }

  private static List<GrantedAuthority> roles(Jwt jwt) {
    Object claim = jwt.getClaims().get(ROLES_CLAIM);
    if (!(claim instanceof List<?> roles)) {
      return List.of();
    }
    return roles.stream()
        .filter(String.class::isInstance)
        .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
        .toList();
  }
}
