package dev.surge.app.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller's user id: the token's {@code sub}, a positive long. */
public final class UserIds {

  private UserIds() {}

  /** The authenticated caller's id; only call behind {@code /api/**}, where a token is required. */
  public static long current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    Long id = authentication == null ? null : parse(authentication.getName());
    if (id == null) {
      throw new IllegalStateException("no authenticated user");
    }
    return id;
  }

  /** The id in {@code subject}, or null unless it is a positive long. */
  static Long parse(String subject) {
    if (subject == null) {
      return null;
    }
    try {
      long id = Long.parseLong(subject);
      return id > 0 ? id : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
