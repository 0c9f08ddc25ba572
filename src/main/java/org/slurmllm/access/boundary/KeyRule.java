package org.slurmllm.access.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.rest.Refusal;
import org.slurmllm.rest.RequestView;

/**
 * Every request but the static pages and the OpenAPI document needs a usable key: 401 without one
 * (or with a wrong, revoked or expired one, with {@code WWW-Authenticate: Bearer}), 429 with {@code
 * Retry-After} when the key's rate limit or budget is reached. The one rule for both ways in: the
 * inference handler and {@link AuthenticationFilter}. All from memory ({@link KeyCheck}).
 */
@ApplicationScoped
public class KeyRule {

  /** The caller when the request may go on (null on an open path), else why not. */
  public record Decision(Principal caller, Refusal refusal) {}

  private static final Decision OPEN = new Decision(null, null);

  @Inject KeyCheck keys;

  public Decision decide(RequestView request) {
    if (open(request.path())) {
      return OPEN;
    }
    KeyCheck.Verdict verdict = keys.check(request.header("Authorization"));
    return verdict.admitted()
        ? new Decision(verdict.principal(), null)
        : new Decision(null, refusal(verdict));
  }

  static Refusal refusal(KeyCheck.Verdict verdict) {
    Refusal refused = Refusal.of(verdict.status(), verdict.message(), null, verdict.code());
    return verdict.status() == 401
        ? refused.with("WWW-Authenticate", "Bearer")
        : refused.with("Retry-After", Long.toString(verdict.retryAfterSeconds()));
  }

  /** The static pages and the API description: readable without a key. */
  static boolean open(String path) {
    return path.equals("/")
        || path.equals("/favicon.ico")
        || path.startsWith("/openapi")
        || path.startsWith("/console")
        || path.startsWith("/webjars/");
  }
}
