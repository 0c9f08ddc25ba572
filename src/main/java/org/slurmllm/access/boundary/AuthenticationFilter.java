package org.slurmllm.access.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slurmllm.rest.ServletErrors;

/**
 * Every request but the static pages and the OpenAPI document needs a usable key: 401 without one
 * (or with a wrong, revoked or expired one), 429 when the key's rate limit or budget is reached.
 * All from memory ({@link KeyCheck}): no database on the request path. The key never reaches a log;
 * only its {@link org.slurmllm.access.entity.Principal} goes on with the request.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class AuthenticationFilter extends HttpFilter {

  @Inject KeyCheck keys;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (open(request.getRequestURI().substring(request.getContextPath().length()))) {
      chain.doFilter(request, response);
      return;
    }
    KeyCheck.Verdict verdict = keys.check(request.getHeader("Authorization"));
    if (!verdict.admitted()) {
      if (verdict.status() == 401) {
        response.setHeader("WWW-Authenticate", "Bearer");
      } else {
        response.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
      }
      ServletErrors.write(response, verdict.status(), verdict.message(), null, verdict.code());
      return;
    }
    request.setAttribute(Caller.ATTRIBUTE, verdict.principal());
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
}
