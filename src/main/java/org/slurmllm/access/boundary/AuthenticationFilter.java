package org.slurmllm.access.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import org.slurmllm.access.control.Caller;
import org.slurmllm.access.control.KeyDirectory;
import org.slurmllm.access.control.KeyLimits;
import org.slurmllm.access.control.KeyMaterial;
import org.slurmllm.rest.ServletErrors;

/**
 * Every request but the static pages and the OpenAPI document needs a usable key: 401 without one
 * (or with a wrong, revoked or expired one), 429 when the key's rate limit or budget is reached.
 * All from memory ({@link KeyDirectory}): no database on the request path. The key never reaches a
 * log; only its {@link org.slurmllm.access.entity.Principal} goes on with the request.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class AuthenticationFilter extends HttpFilter {

  @Inject KeyDirectory keys;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (open(request.getRequestURI().substring(request.getContextPath().length()))) {
      chain.doFilter(request, response);
      return;
    }
    String key = KeyMaterial.bearer(request.getHeader("Authorization"));
    if (key == null) {
      unauthorized(
          response,
          "You didn't provide an API key. Send it in the Authorization header:"
              + " 'Authorization: Bearer YOUR_KEY'.",
          "missing_api_key");
      return;
    }
    KeyDirectory.Entry entry = keys.find(key);
    if (entry == null) {
      unauthorized(response, "Incorrect API key provided (unknown or revoked).", "invalid_api_key");
      return;
    }
    if (entry.expired(Instant.now())) {
      unauthorized(
          response, "This API key expired at " + entry.expiresAt() + ".", "expired_api_key");
      return;
    }
    KeyLimits.Refusal refusal = entry.limits().admit(System.nanoTime());
    if (refusal != null) {
      response.setHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
      ServletErrors.write(response, 429, refusal.message(), null, refusal.code());
      return;
    }
    request.setAttribute(Caller.ATTRIBUTE, entry.principal());
    chain.doFilter(request, response);
  }

  /** The static pages and the API description: readable without a key. */
  static boolean open(String path) {
    return path.equals("/")
        || path.equals("/favicon.ico")
        || path.startsWith("/openapi")
        || path.startsWith("/console")
        || path.startsWith("/webjars/");
  }

  private static void unauthorized(HttpServletResponse response, String message, String code)
      throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer");
    ServletErrors.write(response, 401, message, null, code);
  }
}
