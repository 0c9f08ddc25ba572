package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SharedModesTest {

  static final SharedModes ALONE = new SharedModes(null);
  static final SharedModes GROUP = new SharedModes("llm");

  static Optional<String> root(SharedModes m, String owner, String group, String perms) {
    return m.problemWithRoot("/s", owner, "svc", group, PosixFilePermissions.fromString(perms));
  }

  @Test
  void jobsAsTheServiceNeedNobodyElse() {
    assertEquals(0700, ALONE.directoryMode(true));
    assertEquals("rw-------", PosixFilePermissions.toString(ALONE.filePermissions(true)));
    assertEquals("077", ALONE.jobUmask());
    assertEquals(Optional.empty(), root(ALONE, "svc", "svc", "rwx------"));
  }

  @Test
  void jobsAsAnotherUserShareAGroupAndWriteOnlyWhereTheyMust() {
    assertEquals(02750, GROUP.directoryMode(false));
    assertEquals(02770, GROUP.directoryMode(true));
    assertEquals("rw-r-----", PosixFilePermissions.toString(GROUP.filePermissions(false)));
    assertEquals("rw-rw----", PosixFilePermissions.toString(GROUP.filePermissions(true)));
    assertEquals("007", GROUP.jobUmask());
    assertEquals(Optional.empty(), root(GROUP, "svc", "llm", "rwxr-x---"));
  }

  /** The attack: another user made the directory first (the old default /tmp/slurm-llm). */
  @Test
  void aDirectoryOfAnotherUserIsRefused() {
    assertTrue(root(ALONE, "mallory", "mallory", "rwx------").orElseThrow().contains("mallory"));
  }

  /** The attacks: reading tenants' prompts, replacing the worker. */
  @Test
  void aDirectoryOpenToOthersIsRefusedWithWhatToRun() {
    assertTrue(root(ALONE, "svc", "svc", "rwxr-xr-x").orElseThrow().contains("chmod -R go-rwx /s"));
    assertTrue(
        root(ALONE, "svc", "svc", "rwxrwx---").isPresent(), "the group, without a group set");
    assertTrue(root(GROUP, "svc", "llm", "rwxr-x--x").orElseThrow().contains("chmod -R o-rwx"));
    assertTrue(root(GROUP, "svc", "users", "rwxr-x---").orElseThrow().contains("chgrp -R llm"));
  }

  /** The attack: a directory above that others may write, where they swap ours for theirs. */
  @Test
  void anAncestorOthersCanWriteWithoutTheStickyBitIsRefused() {
    var open = PosixFilePermissions.fromString("rwxrwxrwx");
    var closed = PosixFilePermissions.fromString("rwxr-xr-x");
    assertTrue(SharedModes.problemWithAncestor("/scratch", "root", "svc", open, false).isPresent());
    assertEquals(
        Optional.empty(), SharedModes.problemWithAncestor("/tmp", "root", "svc", open, true));
    assertEquals(
        Optional.empty(), SharedModes.problemWithAncestor("/home", "root", "svc", closed, false));
    assertTrue(
        SharedModes.problemWithAncestor("/home/mallory", "mallory", "svc", closed, false)
            .orElseThrow()
            .contains("belongs to mallory"));
  }
}
