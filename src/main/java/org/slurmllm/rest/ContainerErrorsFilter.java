package org.slurmllm.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Errors the container and RESTEasy send themselves ({@code sendError}: a Content-Type header that
 * cannot be parsed, a method a servlet does not serve) were HTML pages with no code; here they get
 * OpenAI's body like every other error, with the status's word as the code.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ContainerErrorsFilter extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(request, new JsonErrors(response));
  }

  /** The response whose {@code sendError} writes OpenAI's error body. */
  static final class JsonErrors extends HttpServletResponseWrapper {

    JsonErrors(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void sendError(int status) throws IOException {
      sendError(status, null);
    }

    @Override
    public void sendError(int status, String reason) throws IOException {
      if (isCommitted()) {
        super.sendError(status, reason); // throws, as the contract says
        return;
      }
      resetBuffer();
      ServletErrors.write(
          (HttpServletResponse) getResponse(), status, message(status, reason), null, null);
      flushBuffer(); // committed, as after sendError: nothing more is written
    }

    /** The container's reason when it gave one, else the standard phrase. */
    static String message(int status, String reason) {
      if (reason != null && !reason.isBlank()) {
        return reason;
      }
      return switch (status) {
        case 400 -> "The request cannot be read (e.g. its Content-Type header).";
        case 404 -> "No such resource.";
        case 405 -> "Method not allowed on this resource.";
        default -> "HTTP status " + status + ".";
      };
    }
  }
}
