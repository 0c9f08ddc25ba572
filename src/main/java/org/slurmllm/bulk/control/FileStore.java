package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;
import org.slurmllm.bulk.entity.StoredFile;
import org.slurmllm.cluster.boundary.SharedDirectory;
import org.slurmllm.database.NewestFirst;
import org.slurmllm.rest.ApiException;

/**
 * Files on the shared directory (where chunk jobs can read and write them), their facts in the
 * database. Content is streamed in and out, never held whole in memory; size and SHA-256 are
 * computed on the way in.
 */
@ApplicationScoped
public class FileStore {

  static final int BUFFER = 64 * 1024;

  /** Arbitrary, fixed: with a tenant's id, the advisory lock that serialises its quota checks. */
  static final int QUOTA_LOCK = 0x71756f74;

  @PersistenceContext EntityManager em;
  @Inject SharedDirectory shared;
  @Inject BulkSettings settings;

  public static String newId() {
    return "file-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  /**
   * A file copied to the shared directory under a new id but not yet recorded: {@link #keep} makes
   * it a file, {@link #discard} removes it.
   */
  public record Spooled(String id, Path partial, long bytes, String sha256) {}

  /**
   * Copies {@code content} into a partial file of a new id, counting as it streams: past {@code
   * maxBytes} the copy stops, the partial file is removed and {@code tooLarge} is thrown.
   */
  public Spooled spool(InputStream content, long maxBytes, Supplier<ApiException> tooLarge) {
    String id = newId();
    Path partial = pathOf(id).resolveSibling(id + ".partial");
    long bytes = 0;
    MessageDigest sha = sha256();
    try {
      shared.directory(partial.getParent(), false);
      try (OutputStream out = new DigestOutputStream(shared.newFile(partial, false), sha)) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = content.read(buffer)) >= 0) {
          bytes += n;
          if (bytes > maxBytes) {
            throw tooLarge.get();
          }
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      deleteQuietly(partial);
      throw e;
    }
    return new Spooled(id, partial, bytes, HexFormat.of().formatHex(sha.digest()));
  }

  /**
   * Records a spooled file. With a quota, the tenant's files are counted under a lock held to the
   * end of the transaction, so two uploads at once cannot both fit in the room for one; a file that
   * does not fit is removed and refused (413, {@code quota_exceeded}).
   */
  @Transactional
  public StoredFile keep(
      Spooled spooled,
      String filename,
      String purpose,
      Long tenantId,
      Long expiresAfterSeconds,
      OptionalLong quota) {
    try {
      if (tenantId != null && quota.isPresent()) {
        em.createNativeQuery("select pg_advisory_xact_lock(?, ?)")
            .setParameter(1, QUOTA_LOCK)
            .setParameter(2, (int) tenantId.longValue())
            .getSingleResult();
        long stored = storedBytes(tenantId);
        if (stored + spooled.bytes() > quota.getAsLong()) {
          throw quotaExceeded(quota.getAsLong(), stored);
        }
      }
      Path target = pathOf(spooled.id());
      Files.move(spooled.partial(), target, StandardCopyOption.ATOMIC_MOVE);
      StoredFile f =
          record(
              spooled.id(),
              filename,
              purpose,
              spooled.bytes(),
              spooled.sha256(),
              target,
              tenantId,
              expiresAfterSeconds);
      em.flush();
      return f;
    } catch (IOException e) {
      discard(spooled);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      discard(spooled);
      deleteQuietly(pathOf(spooled.id()));
      throw e;
    }
  }

  /** Removes a spooled file that will not be kept. */
  public void discard(Spooled spooled) {
    deleteQuietly(spooled.partial());
  }

  /**
   * The bytes a tenant stores, not expired: its files and its stored responses (the Responses
   * API's), what its quota counts.
   */
  public long storedBytes(long tenantId) {
    List<?> rows =
        em.createNativeQuery("select bytes from app.tenant_stored_bytes where tenant_id = ?")
            .setParameter(1, tenantId)
            .getResultList();
    return rows.isEmpty() || rows.get(0) == null ? 0 : ((Number) rows.get(0)).longValue();
  }

  /** 413: the tenant's files would take more than its quota. */
  public static ApiException quotaExceeded(long quota, long stored) {
    return new ApiException(
        Response.Status.REQUEST_ENTITY_TOO_LARGE,
        "invalid_request_error",
        "quota_exceeded",
        "file",
        "The tenant's storage quota of "
            + quota
            + " bytes would be exceeded ("
            + stored
            + " bytes of files and stored responses): delete files (DELETE /v1/files/{id}) or"
            + " stored responses (DELETE /v1/responses/{id}), or ask for a larger quota.");
  }

  /** 413: the file is larger than the limit. */
  public static ApiException fileTooLarge(long maxBytes) {
    return new ApiException(
        Response.Status.REQUEST_ENTITY_TOO_LARGE,
        "invalid_request_error",
        "file_too_large",
        "file",
        "The file is larger than " + maxBytes + " bytes.");
  }

  /** Records a file already written at {@code path} (a batch's output), hashing it. */
  @Transactional
  public StoredFile adopt(
      Path written, String filename, String purpose, Long tenantId, Long expiresAfterSeconds) {
    String id = newId();
    Path target = pathOf(id);
    MessageDigest sha = sha256();
    long bytes;
    try {
      Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
      try (InputStream in = Files.newInputStream(target)) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) > 0) {
          sha.update(buffer, 0, n);
        }
      }
      bytes = Files.size(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return record(
        id,
        filename,
        purpose,
        bytes,
        HexFormat.of().formatHex(sha.digest()),
        target,
        tenantId,
        expiresAfterSeconds);
  }

  private StoredFile record(
      String id,
      String filename,
      String purpose,
      long bytes,
      String sha256,
      Path path,
      Long tenantId,
      Long expiresAfterSeconds) {
    StoredFile f = new StoredFile();
    f.id = id;
    f.filename = filename;
    f.purpose = purpose;
    f.bytes = bytes;
    f.sha256 = sha256;
    f.path = path.toString();
    f.tenantId = tenantId;
    f.createdAt = Instant.now();
    f.expiresAt = expiry(f.createdAt, expiresAfterSeconds);
    em.persist(f);
    return f;
  }

  /** The file, unless it has expired (then it is gone for its tenant, before the sweep too). */
  public Optional<StoredFile> find(String id) {
    return Optional.ofNullable(em.find(StoredFile.class, id))
        .filter(f -> !f.expired(Instant.now()));
  }

  /**
   * Newest first, after the file {@code after} when given; one tenant's, or all (null); expired
   * ones left out.
   */
  public List<StoredFile> list(String after, int limit, Long tenant) {
    return NewestFirst.page(
        em,
        StoredFile.class,
        after,
        tenant,
        limit,
        "(x.expiresAt is null or x.expiresAt > current_timestamp)");
  }

  /**
   * When a file made now expires: {@code seconds} after now when its maker said so, else after the
   * retention setting (null: never).
   */
  Instant expiry(Instant now, Long seconds) {
    if (seconds != null) {
      return now.plusSeconds(seconds);
    }
    return settings.retention().map(now::plus).orElse(null);
  }

  @Transactional
  public boolean delete(String id) {
    StoredFile f = em.find(StoredFile.class, id);
    if (f == null) {
      return false;
    }
    em.remove(f);
    deleteQuietly(Path.of(f.path));
    return true;
  }

  public Path pathOf(String id) {
    return settings.filesDir().resolve(id + ".jsonl");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover file is harmless; the row is what counts
    }
  }
}
