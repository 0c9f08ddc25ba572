package org.slurmllm.cluster.control;

import static java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.GROUP_READ;
import static java.nio.file.attribute.PosixFilePermission.GROUP_WRITE;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_READ;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what in the shared directory, in one of its two set-ups. Jobs that run as the
 * service's own user need nobody else: directories 0700, files 0600. Jobs that run as another user
 * (a site's job account, {@code SLURMLLM_SLURM_USER}) share a named group with the service: what
 * jobs only read is 0750/0640, what they write (rendezvous, logs, a batch's outputs) 2770/0660, and
 * nothing is ever open to users outside the group. Pure: the checks take what {@code stat} says.
 *
 * @param group the group service and jobs share; null when jobs run as the service's own user
 */
public record SharedModes(String group) {

  /** Modes of a directory (setgid, so what jobs make there stays in the group) as octal. */
  public int directoryMode(boolean jobsWrite) {
    if (group == null) {
      return 0700;
    }
    return jobsWrite ? 02770 : 02750;
  }

  public Set<PosixFilePermission> filePermissions(boolean jobsWrite) {
    if (group == null) {
      return EnumSet.of(OWNER_READ, OWNER_WRITE);
    }
    return jobsWrite
        ? EnumSet.of(OWNER_READ, OWNER_WRITE, GROUP_READ, GROUP_WRITE)
        : EnumSet.of(OWNER_READ, OWNER_WRITE, GROUP_READ);
  }

  /** The umask job scripts run with, so what a job writes is no more open than the above. */
  public String jobUmask() {
    return group == null ? "077" : "007";
  }

  /**
   * Why the shared directory itself is not safe to keep tenants' data in and to run jobs from, or
   * empty. Others (users outside the group) may never write nor read; without a group nobody but
   * the owner may; with one, the directory is in it.
   */
  public Optional<String> problemWithRoot(
      String path, String owner, String me, String dirGroup, Set<PosixFilePermission> perms) {
    if (!owner.equals(me)) {
      return Optional.of(
          "the shared directory "
              + path
              + " belongs to "
              + owner
              + ", not to the service's user "
              + me
              + ": whoever owns it can replace the worker and read every tenant's files."
              + " Use a directory of the service's own (SLURMLLM_SHARED_DIR)");
    }
    Set<PosixFilePermission> others = EnumSet.of(OTHERS_READ, OTHERS_WRITE, OTHERS_EXECUTE);
    Set<PosixFilePermission> forbidden =
        group == null ? union(others, EnumSet.of(GROUP_READ, GROUP_WRITE, GROUP_EXECUTE)) : others;
    Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
    open.addAll(perms);
    open.retainAll(forbidden);
    if (!open.isEmpty()) {
      return Optional.of(
          "the shared directory "
              + path
              + " is open to "
              + (group == null ? "other users" : "users outside group " + group)
              + " ("
              + PosixFilePermissions.toString(perms)
              + "): run chmod -R "
              + (group == null ? "go-rwx" : "o-rwx")
              + " "
              + path);
    }
    if (group != null && !group.equals(dirGroup)) {
      return Optional.of(
          "the shared directory "
              + path
              + " is in group "
              + dirGroup
              + ", not "
              + group
              + " (SLURMLLM_SHARED_GROUP): run chgrp -R "
              + group
              + " "
              + path);
    }
    if (!perms.containsAll(EnumSet.of(OWNER_READ, OWNER_WRITE, OWNER_EXECUTE))) {
      return Optional.of(
          "the service cannot use the shared directory "
              + path
              + " ("
              + PosixFilePermissions.toString(perms)
              + "): run chmod u+rwx "
              + path);
    }
    return Optional.empty();
  }

  /**
   * Why a directory above the shared one lets another user put a directory of theirs in its place,
   * or empty: one that belongs to someone but root or the service, or that others may write in
   * without the sticky bit (which stops them renaming what is not theirs, as in {@code /tmp}).
   */
  public static Optional<String> problemWithAncestor(
      String path, String owner, String me, Set<PosixFilePermission> perms, boolean sticky) {
    if (!owner.equals(me) && !owner.equals("root")) {
      return Optional.of(
          path
              + ", above the shared directory, belongs to "
              + owner
              + ", who can put a directory of theirs in its place: use a directory of the"
              + " service's own (SLURMLLM_SHARED_DIR)");
    }
    if ((perms.contains(OTHERS_WRITE) || perms.contains(GROUP_WRITE)) && !sticky) {
      return Optional.of(
          path
              + ", above the shared directory, may be written by other users ("
              + PosixFilePermissions.toString(perms)
              + ", no sticky bit), who can put a directory of theirs in its place: run chmod"
              + " go-w "
              + path);
    }
    return Optional.empty();
  }

  private static Set<PosixFilePermission> union(
      Set<PosixFilePermission> a, Set<PosixFilePermission> b) {
    Set<PosixFilePermission> all = EnumSet.noneOf(PosixFilePermission.class);
    all.addAll(a);
    all.addAll(b);
    return all;
  }
}
