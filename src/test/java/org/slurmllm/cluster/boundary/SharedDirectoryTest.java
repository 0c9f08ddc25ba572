package org.slurmllm.cluster.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slurmllm.rest.ApiException;

/**
 * The shared directory on a real filesystem: what the service makes gets the set-up's modes
 * whatever the process's umask, and what others could abuse is refused. Run as root (as the
 * project's tests are), so that a directory can be given to another user.
 */
class SharedDirectoryTest {

  @TempDir Path tmp;

  SharedDirectory open(Path root, String group) {
    SharedDirectory shared = new SharedDirectory();
    shared.configured = Optional.of(root.toString());
    shared.group = Optional.ofNullable(group);
    shared.workerJar = Optional.empty();
    shared.open();
    return shared;
  }

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void everythingTheServiceMakesIsItsOwn() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
    SharedDirectory shared = open(tmp.resolve("shared"), null);
    assertEquals(Optional.empty(), shared.problem());
    assertEquals("rwx------", mode(shared.root()));
    Path batch = shared.directory(shared.root().resolve("batches/batch_1"), true);
    assertEquals("rwx------", mode(batch));
    assertEquals("rwx------", mode(batch.getParent()));
    Path input = batch.resolve("chunk-0.jsonl");
    try (OutputStream out = shared.newFile(input, false)) {
      out.write("a tenant's prompt".getBytes());
    }
    assertEquals("rw-------", mode(input));
    Path log = shared.directory(shared.root().resolve("logs"), true).resolve("r.log");
    shared.touch(log, true);
    assertEquals("rw-------", mode(log));
  }

  @Test
  void withAGroupJobsReadWhatTheyReadAndWriteWhereTheyWrite() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
    Path root = tmp.resolve("shared");
    Files.createDirectory(root);
    Files.setAttribute(root, "unix:mode", 02750);
    SharedDirectory shared = open(root, "root"); // a group the test's user is in
    assertEquals(Optional.empty(), shared.problem());
    Path files = shared.directory(root.resolve("files"), false);
    assertEquals(02750, (Integer) Files.getAttribute(files, "unix:mode") & 07777);
    Path rendezvous = shared.directory(root.resolve("replicas"), true);
    assertEquals(02770, (Integer) Files.getAttribute(rendezvous, "unix:mode") & 07777);
    Path upload = files.resolve("file-1");
    shared.newFile(upload, false).close();
    assertEquals("rw-r-----", mode(upload));
    assertEquals("007", shared.jobUmask());
  }

  /** The attack: the old default, /tmp/slurm-llm, made first by another user. */
  @Test
  void aDirectoryOfAnotherUserIsRefusedAndNothingIsWrittenInIt() throws Exception {
    Path root = tmp.resolve("theirs");
    Files.createDirectory(root);
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    Files.setOwner(
        root, root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    SharedDirectory shared = open(root, null);
    assertTrue(shared.problem().orElseThrow().contains("belongs to nobody"));
    ApiException refused =
        assertThrows(ApiException.class, () -> shared.newFile(root.resolve("file-1"), false));
    assertEquals(503, refused.status().getStatusCode());
    assertTrue(Files.notExists(root.resolve("file-1")));
  }

  /** The attack: a world-readable directory, every tenant's prompts open to every user. */
  @Test
  void aDirectoryOthersCanReadIsRefusedUntilTheAdminClosesIt() throws Exception {
    Path root = tmp.resolve("open");
    Files.createDirectory(root);
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    SharedDirectory shared = open(root, null);
    assertTrue(shared.problem().orElseThrow().contains("chmod -R go-rwx"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    assertEquals(Optional.empty(), shared.problem(), "seen at once, no restart");
  }

  /** The attack: replace the worker every job runs, and run as the service. */
  @Test
  void aWorkerOthersCanReplaceIsRefused() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
    Path root = tmp.resolve("shared");
    SharedDirectory shared = open(root, null);
    Path jar = root.resolve("slurm-llm-worker.jar");
    Files.writeString(jar, "jar");
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertTrue(shared.problem().orElseThrow().contains("worker"));
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(Optional.empty(), shared.problem(), "a worker all may read is fine");
  }

  /** Without a setting: never a name in /tmp, but the server's own state. */
  @Test
  void withoutASettingTheDirectoryIsInTheServersOwnState() {
    String before = System.getProperty("jboss.server.data.dir");
    try {
      System.setProperty("jboss.server.data.dir", tmp.toString());
      assertEquals(tmp.resolve("slurm-llm-shared"), SharedDirectory.ofOwnState());
    } finally {
      if (before == null) {
        System.clearProperty("jboss.server.data.dir");
      } else {
        System.setProperty("jboss.server.data.dir", before);
      }
    }
  }
}
