package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.slurmllm.access.boundary.TenantQuotas;
import org.slurmllm.bulk.entity.StoredFile;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.FieldProblems;

/**
 * {@code POST /v1/files}: the form read part by part as it arrives, in whatever order the client
 * sent it. A field is read up to {@code SLURMLLM_FILE_MAX_FIELD_BYTES} (more is a 400 naming it,
 * and nothing more is read); the file is streamed to the shared directory and cut at the file limit
 * or the tenant's room under its quota (413), whether the body declared its length or not. Whatever
 * is refused leaves nothing on disk.
 */
@ApplicationScoped
public class Uploads {

  /** Most bytes of a part's headers. */
  static final int HEADER_BYTES = 8192;

  @Inject FileStore files;
  @Inject BulkSettings settings;
  @Inject TenantQuotas quotas;

  /**
   * @param boundary the form's boundary (from its Content-Type)
   * @throws ApiException 400 naming the bad fields, 413 over the file limit or the quota
   * @throws IOException the body cannot be read (or is not a form: {@link
   *     MultipartParts.MalformedForm})
   */
  public StoredFile upload(InputStream body, String boundary, Long tenantId) throws IOException {
    OptionalLong quota = tenantId == null ? OptionalLong.empty() : quotas.storageBytes(tenantId);
    long room =
        quota.isPresent()
            ? Math.max(0, quota.getAsLong() - files.storedBytes(tenantId))
            : Long.MAX_VALUE;
    long maxBytes = settings.maxBytes();
    MultipartParts parts = new MultipartParts(body, boundary, HEADER_BYTES);
    Map<String, String> fields = new HashMap<>();
    FileStore.Spooled file = null;
    String filename = null;
    try {
      int count = 0;
      MultipartParts.Part part;
      while ((part = parts.next()) != null) {
        if (++count > settings.maxParts()) {
          throw ApiException.invalid(
              part.name(), "The form has more than " + settings.maxParts() + " parts.");
        }
        if (part.filename() != null || part.name().equals("file")) {
          if (!part.name().equals("file") || file != null || part.filename() == null) {
            throw ApiException.invalid(
                part.name(), part.name() + ": one file part, named file, with a filename.");
          }
          long limit = Math.min(maxBytes, room);
          file =
              files.spool(
                  part.content(),
                  limit,
                  () ->
                      room < maxBytes
                          ? FileStore.quotaExceeded(quota.getAsLong(), quota.getAsLong() - room)
                          : FileStore.fileTooLarge(maxBytes));
          filename = part.filename();
        } else {
          fields.putIfAbsent(part.name(), field(part));
        }
      }
      FieldProblems problems = new FieldProblems();
      if (!"batch".equals(fields.get("purpose"))) {
        problems.add("purpose", "purpose: must be 'batch'.");
      }
      if (file == null) {
        problems.add("file", "file: a file part is required.");
      }
      ExpiresAfter expiry =
          ExpiresAfter.ofForm(
              fields.get("expires_after[anchor]"),
              fields.get("expires_after[seconds]"),
              "expires_after",
              problems);
      problems.throwIfAny();
      StoredFile stored =
          files.keep(
              file,
              safeName(filename),
              "batch",
              tenantId,
              expiry == null ? null : expiry.seconds(),
              quota);
      file = null; // kept: not to be discarded
      return stored;
    } finally {
      if (file != null) {
        files.discard(file);
      }
    }
  }

  /** A form field's text, read up to the bound: more is a 400 and the rest is never read. */
  private String field(MultipartParts.Part part) throws IOException {
    int most = settings.maxFieldBytes();
    byte[] value = part.content().readNBytes(most + 1);
    if (value.length > most) {
      throw ApiException.invalid(
          part.name(), part.name() + ": longer than " + most + " bytes (a form field is a word).");
    }
    return new String(value, StandardCharsets.UTF_8).strip();
  }

  /** The client's file name, reduced to a safe base name (it is echoed in headers). */
  public static String safeName(String name) {
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._ -]", "_");
    return base.isBlank() ? "upload.jsonl" : base.length() > 200 ? base.substring(0, 200) : base;
  }
}
