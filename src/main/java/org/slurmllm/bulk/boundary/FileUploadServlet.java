package org.slurmllm.bulk.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slurmllm.access.boundary.AccessDenied;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.bulk.control.BulkSettings;
import org.slurmllm.bulk.control.FileStore;
import org.slurmllm.bulk.entity.StoredFile;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.PageLimit;
import org.slurmllm.rest.ServletErrors;

/**
 * {@code POST /v1/files} (multipart, as the OpenAI SDKs upload) and {@code GET /v1/files}. A
 * servlet because the multipart parser is the container's: a part larger than the threshold is
 * spooled to disk and copied to the shared directory from there, so no upload is ever held in
 * memory. The size limit the client hears about is the application's ({@code
 * SLURMLLM_BATCH_MAX_BYTES}), checked while copying.
 */
@WebServlet("/v1/files")
@MultipartConfig(fileSizeThreshold = 1024 * 1024)
public class FileUploadServlet extends HttpServlet {

  @Inject FileStore files;
  @Inject BulkSettings settings;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      Principal principal = (Principal) request.getAttribute(Caller.ATTRIBUTE);
      if (principal.role() == Role.AUDITOR) {
        throw new AccessDenied(principal.role().value());
      }
      String contentType = request.getContentType();
      if (contentType == null || !contentType.startsWith("multipart/form-data")) {
        throw ApiException.invalid(null, "Upload a file as multipart/form-data.");
      }
      Part purpose = request.getPart("purpose");
      String purposeValue =
          purpose == null
              ? null
              : new String(purpose.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!"batch".equals(purposeValue)) {
        throw ApiException.invalid("purpose", "purpose: must be 'batch'.");
      }
      Part file = request.getPart("file");
      if (file == null || file.getSubmittedFileName() == null) {
        throw ApiException.invalid("file", "file: a file part is required.");
      }
      StoredFile stored;
      try (InputStream in = file.getInputStream()) {
        stored =
            files.store(
                in,
                FilesResource.safeName(file.getSubmittedFileName()),
                "batch",
                settings.maxBytes(),
                principal.tenantId());
      } finally {
        file.delete();
      }
      write(response, 200, BulkViews.file(stored));
    } catch (ApiException e) {
      fail(response, e);
    } catch (ServletException | IllegalStateException | UncheckedIOException e) {
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
      List<JsonObject> data = page.stream().limit(limit).map(BulkViews::file).toList();
      write(response, 200, BulkViews.list(data, page.size() > limit));
    } catch (ApiException e) {
      fail(response, e);
    }
  }

  private static void write(HttpServletResponse response, int status, JsonObject body)
      throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static void fail(HttpServletResponse response, ApiException e) throws IOException {
    var error = e.body().error();
    ServletErrors.write(
        response, e.status().getStatusCode(), error.message(), error.param(), error.code());
  }
}
