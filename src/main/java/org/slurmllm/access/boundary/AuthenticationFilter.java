package org.slurmllm.access.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slurmllm.rest.RequestView;

/**
 * Every request the servlets serve passes {@link KeyRule} (the rule the inference handler applies
 * too): a usable key, else 401 or 429. All from memory: no database on the request path. The key
 * never reaches a log; only its {@link org.slurmllm.access.entity.Principal} goes on with the
 * request.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class AuthenticationFilter extends HttpFilter {

  @Inject KeyRule rule;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    KeyRule.Decision decision = rule.decide(RequestView.of(request));
    if (decision.refusal() != null) {
      decision.refusal().writeTo(response);
      return;
    }
    if (decision.caller() != null) {
      request.setAttribute(Caller.ATTRIBUTE, decision.caller());
    }
    chain.doFilter(request, response);
  }
}
