package org.slurmllm.testing;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * For in-container tests only: Arquillian's test runner calls the deployment without an API key, so
 * this filter (put before the application's authentication by the test deployment's web.xml) gives
 * its requests the server's admin key; the test code then runs as that admin.
 */
public class InContainerKey extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String key = System.getenv("SLURMLLM_ADMIN_KEY");
    chain.doFilter(
        new HttpServletRequestWrapper(request) {
          @Override
          public String getHeader(String name) {
            return name.equalsIgnoreCase("Authorization") ? "Bearer " + key : super.getHeader(name);
          }
        },
        response);
  }
}
