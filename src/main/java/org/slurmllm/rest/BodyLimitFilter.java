package org.slurmllm.rest;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds request bodies before anything parses them, by {@link BodyBound} (the rule the inference
 * handler applies too): the listener itself takes up to 2 GiB (batch files), which a JSON parser on
 * a 1 GB heap must never see. A body sent without a length is read up to the bound and refused the
 * moment it passes it; an upload (multipart) is bounded by its declared length.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class BodyLimitFilter extends HttpFilter {

  @Inject
  @ConfigProperty(name = "slurmllm.max.json.bytes", defaultValue = "8388608")
  long maxJsonBytes;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.max.bytes", defaultValue = "209715200")
  long maxUploadBytes;

  private BodyBound bound;

  @Override
  public void init() {
    bound = BodyBound.withUploads(maxJsonBytes, maxUploadBytes);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    RequestView view = RequestView.of(request);
    Refusal refused = bound.check(view);
    if (refused != null) {
      refuse(response, refused);
      return;
    }
    boolean multipart = bound.multipart(view);
    if (!BodyBound.bodied(view.method()) || view.declaredLength() >= 0 || multipart) {
      chain.doFilter(request, response);
      return;
    }
    // no declared length (chunked): read up to the bound, then hand the bytes on
    long limit = bound.limit(false);
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    }
    if (body.length > limit) {
      refuse(response, bound.tooLarge());
      return;
    }
    chain.doFilter(new ReadBody(request, body), response);
  }

  private static void refuse(HttpServletResponse response, Refusal refused) throws IOException {
    // the rest of the body is not read: the connection cannot be reused
    response.setHeader("Connection", "close");
    refused.writeTo(response);
  }

  /** The request with its body already read. */
  private static final class ReadBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReadBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body is already read");
        }
      };
    }
  }
}
