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
import java.util.UUID;
import org.slurmllm.bulk.entity.StoredFile;
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

  @PersistenceContext EntityManager em;
  @Inject BulkSettings settings;

  public static String newId() {
    return "file-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  /**
   * Copies {@code content} into a new file and records it. More than {@code maxBytes} is refused
   * with 413 and nothing is kept.
   */
  @Transactional
  public StoredFile store(
      InputStream content, String filename, String purpose, long maxBytes, Long tenantId) {
    String id = newId();
    Path target = pathOf(id);
    Path partial = target.resolveSibling(id + ".partial");
    long bytes = 0;
    MessageDigest sha = sha256();
    try {
      Files.createDirectories(target.getParent());
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha)) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = content.read(buffer)) > 0) {
          bytes += n;
          if (bytes > maxBytes) {
            throw new ApiException(
                Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "invalid_request_error",
                "file_too_large",
                "file",
                "The file is larger than " + maxBytes + " bytes.");
          }
          out.write(buffer, 0, n);
        }
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      deleteQuietly(partial);
      throw e;
    }
    return record(
        id, filename, purpose, bytes, HexFormat.of().formatHex(sha.digest()), target, tenantId);
  }

  /** Records a file already written at {@code path} (a batch's output), hashing it. */
  @Transactional
  public StoredFile adopt(Path written, String filename, String purpose, Long tenantId) {
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
        id, filename, purpose, bytes, HexFormat.of().formatHex(sha.digest()), target, tenantId);
  }

  private StoredFile record(
      String id,
      String filename,
      String purpose,
      long bytes,
      String sha256,
      Path path,
      Long tenantId) {
    StoredFile f = new StoredFile();
    f.id = id;
    f.filename = filename;
    f.purpose = purpose;
    f.bytes = bytes;
    f.sha256 = sha256;
    f.path = path.toString();
    f.tenantId = tenantId;
    f.createdAt = Instant.now();
    em.persist(f);
    return f;
  }

  public Optional<StoredFile> find(String id) {
    return Optional.ofNullable(em.find(StoredFile.class, id));
  }

  /** Newest first, after the file {@code after} when given; one tenant's, or all (null). */
  public List<StoredFile> list(String after, int limit, Long tenant) {
    return NewestFirst.page(em, StoredFile.class, after, tenant, limit);
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
