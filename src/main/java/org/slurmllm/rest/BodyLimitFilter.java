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
 * Bounds request bodies before anything parses them: the listener itself takes up to 2 GiB (batch
 * files), which a JSON parser on a 1 GB heap must never see. A JSON (or any non-multipart) body
 * over {@code SLURMLLM_MAX_JSON_BYTES} is a 413 in OpenAI's format; one sent without a length is
 * read up to the bound and refused the moment it passes it. Uploads (multipart) are bounded by the
 * batch file limit plus room for the form's own parts, known from their declared length.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class BodyLimitFilter extends HttpFilter {

  /** What a multipart form adds to its file: boundaries, headers, the purpose field. */
  static final long MULTIPART_ROOM = 1024 * 1024;

  @Inject
  @ConfigProperty(name = "slurmllm.max.json.bytes", defaultValue = "8388608")
  long maxJsonBytes;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.max.bytes", defaultValue = "209715200")
  long maxUploadBytes;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String method = request.getMethod();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      chain.doFilter(request, response);
      return;
    }
    String type = request.getContentType();
    boolean multipart = type != null && type.startsWith("multipart/");
    long limit = multipart ? maxUploadBytes + MULTIPART_ROOM : maxJsonBytes;
    long length = request.getContentLengthLong();
    if (length > limit) {
      if (multipart) {
        // the file part is what the client controls: named as FileStore names it
        response.setHeader("Connection", "close");
        ServletErrors.write(
            response,
            413,
            "file: larger than the limit of " + maxUploadBytes + " bytes.",
            "file",
            "file_too_large");
      } else {
        tooLarge(response, limit);
      }
      return;
    }
    if (length >= 0 || multipart) {
      chain.doFilter(request, response);
      return;
    }
    // no declared length (chunked): read up to the bound, then hand the bytes on
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    }
    if (body.length > limit) {
      tooLarge(response, limit);
      return;
    }
    chain.doFilter(new ReadBody(request, body), response);
  }

  private static void tooLarge(HttpServletResponse response, long limit) throws IOException {
    // the rest of the body is not read: the connection cannot be reused
    response.setHeader("Connection", "close");
    ServletErrors.write(
        response, 413, "Request body larger than " + limit + " bytes.", null, "request_too_large");
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
