package org.slurmllm.bulk.boundary;

import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slurmllm.access.boundary.AccessDenied;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.bulk.control.FileStore;
import org.slurmllm.bulk.control.MultipartParts;
import org.slurmllm.bulk.control.Uploads;
import org.slurmllm.bulk.entity.StoredFile;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.PageLimit;
import org.slurmllm.rest.ServletErrors;

/**
 * {@code POST /v1/files} (multipart, as the OpenAI SDKs upload) and {@code GET /v1/files}. The form
 * is read by {@link Uploads} as it arrives, not by the container: Undertow's parser reads the whole
 * body before the first part can be looked at, spools a large field to disk and then hands it out
 * whole, so a 300 MB {@code purpose} filled the heap. Without a {@code @MultipartConfig} the
 * container never parses this servlet's forms, even if something asks for a parameter.
 */
@WebServlet("/v1/files")
public class FileUploadServlet extends HttpServlet {

  /** JSON-B as JAX-RS uses it, so the servlet's file objects read as the resources' do. */
  private static final Jsonb JSONB = JsonbBuilder.create();

  @Inject Uploads uploads;
  @Inject FileStore files;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      Principal principal = (Principal) request.getAttribute(Caller.ATTRIBUTE);
      if (principal.role() == Role.AUDITOR) {
        throw new AccessDenied(principal.role().value());
      }
      String contentType = request.getContentType();
      String boundary = MultipartParts.boundaryOf(contentType);
      if (contentType == null
          || !contentType.startsWith("multipart/form-data")
          || boundary == null) {
        throw ApiException.invalid(null, "Upload a file as multipart/form-data (with a boundary).");
      }
      StoredFile stored;
      try (InputStream in = request.getInputStream()) {
        stored = uploads.upload(in, boundary, principal.tenantId());
      }
      write(response, 200, FileObject.of(stored));
    } catch (ApiException e) {
      fail(response, e);
    } catch (MultipartParts.MalformedForm e) {
      fail(
          response,
          ApiException.invalid(null, "The multipart body cannot be read: " + e.getMessage()));
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      // the client went away or the listener's max-post-size cut the body: answered if still there
      fail(
          response,
          ApiException.invalid("file", "The multipart body cannot be read: " + e.getMessage()));
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      int limit = PageLimit.parse(request.getParameter("limit"), 100, 10000);
      Principal principal = (Principal) request.getAttribute(Caller.ATTRIBUTE);
      List<StoredFile> page =
          files.list(request.getParameter("after"), limit + 1, principal.tenantFilter());
      List<FileObject> data = page.stream().limit(limit).map(FileObject::of).toList();
      write(response, 200, FileList.of(data, page.size() > limit));
    } catch (ApiException e) {
      fail(response, e);
    }
  }

  private static void write(HttpServletResponse response, int status, Object body)
      throws IOException {
    byte[] bytes = JSONB.toJson(body).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static void fail(HttpServletResponse response, ApiException e) throws IOException {
    var error = e.body().error();
    ServletErrors.write(
        response,
        e.status().getStatusCode(),
        error.message(),
        error.param(),
        error.code(),
        error.fields());
  }
}
