package org.slurmllm.cluster.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.cluster.control.SharedModes;
import org.slurmllm.rest.ApiException;

/**
 * The directory the service shares with its jobs (tenants' files, batch inputs and outputs, job
 * logs, rendezvous files, the worker): the service's own. At start it is made if missing and
 * checked; whatever the service makes in it gets the set-up's mode ({@link SharedModes}) at
 * creation, not whatever the process's umask leaves. While it is not safe (another owner, open to
 * others, an ancestor others can swap), readiness says why and nothing of a tenant's is written.
 */
@ApplicationScoped
public class SharedDirectory {

  private static final Logger LOG = Logger.getLogger(SharedDirectory.class.getName());

  @Inject
  @ConfigProperty(name = "slurmllm.shared.dir")
  Optional<String> configured;

  @Inject
  @ConfigProperty(name = "slurmllm.shared.group")
  Optional<String> group;

  @Inject
  @ConfigProperty(name = "slurmllm.worker.jar")
  Optional<String> workerJar;

  private Path root;
  private SharedModes modes;

  @PostConstruct
  void open() {
    modes = new SharedModes(group.filter(g -> !g.isBlank()).orElse(null));
    root =
        configured.filter(d -> !d.isBlank()).map(Path::of).orElseGet(SharedDirectory::ofOwnState);
    root = root.toAbsolutePath().normalize();
    if (configured.filter(d -> !d.isBlank()).isEmpty()) {
      LOG.info(
          () ->
              "shared directory "
                  + root
                  + " (the server's own state, as SLURMLLM_SHARED_DIR is not set): jobs on other"
                  + " nodes need it on the cluster's shared filesystem");
    }
    try {
      if (!Files.isDirectory(root)) {
        createLevels(root, false);
      }
    } catch (IOException e) {
      LOG.severe(() -> "cannot create the shared directory " + root + ": " + e);
    }
    try {
      root = root.toRealPath();
    } catch (IOException e) {
      // reported by problem()
    }
    problem().ifPresent(p -> LOG.severe(() -> "refusing the shared directory: " + p));
  }

  /**
   * Without a setting: beside the server's own data, never a name in {@code /tmp} anyone can take.
   */
  static Path ofOwnState() {
    String data = System.getProperty("jboss.server.data.dir");
    Path state =
        data != null
            ? Path.of(data)
            : Path.of(System.getProperty("user.home"), ".local", "state", "slurm-llm");
    return state.resolve("slurm-llm-shared");
  }

  public Path root() {
    return root;
  }

  /** The worker every job of the project's engines runs: the setting, or the one in the root. */
  public Path workerJar() {
    return workerJar
        .filter(j -> !j.isBlank())
        .map(j -> Path.of(j).toAbsolutePath())
        .orElse(root.resolve("slurm-llm-worker.jar"));
  }

  /** The umask job scripts set, so that what jobs write is as closed as what the service does. */
  public String jobUmask() {
    return modes.jobUmask();
  }

  /** Why the directory is not safe now (checked afresh: an admin's chmod is seen at once). */
  public Optional<String> problem() {
    String me = System.getProperty("user.name");
    try {
      PosixFileAttributes attributes = attributes(root);
      Optional<String> own =
          modes.problemWithRoot(
              root.toString(),
              attributes.owner().getName(),
              me,
              attributes.group().getName(),
              attributes.permissions());
      if (own.isPresent()) {
        return own;
      }
      Optional<String> above = problemAbove(root, me);
      if (above.isPresent()) {
        return above;
      }
      return problemWithWorker(me);
    } catch (IOException e) {
      return Optional.of("cannot read the shared directory " + root + ": " + e.getMessage());
    }
  }

  /**
   * Whoever may replace the worker runs their code in every job as the service: it must be the
   * service's or root's, written by nobody else, in a directory nobody else can swap it in. A
   * missing worker is not this check's concern (a job that needs it fails and says so).
   */
  private Optional<String> problemWithWorker(String me) throws IOException {
    Path jar = workerJar();
    if (!Files.exists(jar, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Path real = jar.toRealPath();
    PosixFileAttributes a = attributes(real);
    Set<PosixFilePermission> writable =
        EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    writable.retainAll(a.permissions());
    String owner = a.owner().getName();
    if (!owner.equals(me) && !owner.equals("root") || !writable.isEmpty()) {
      return Optional.of(
          "the worker "
              + real
              + " ("
              + owner
              + ", "
              + PosixFilePermissions.toString(a.permissions())
              + ") may be replaced by another user, whose code every job would then run as the"
              + " service: run chown "
              + me
              + " "
              + real
              + " && chmod go-w "
              + real);
    }
    return problemAbove(real, me);
  }

  private static Optional<String> problemAbove(Path path, String me) throws IOException {
    for (Path above = path.getParent(); above != null; above = above.getParent()) {
      PosixFileAttributes a = attributes(above);
      Optional<String> problem =
          SharedModes.problemWithAncestor(
              above.toString(), a.owner().getName(), me, a.permissions(), sticky(above));
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /**
   * The directory, made with the set-up's mode where it or a level between it and the root is
   * missing.
   *
   * @param jobsWrite whether jobs write in it (rendezvous files, logs, a batch's outputs)
   */
  public Path directory(Path dir, boolean jobsWrite) {
    refuseWhileUnsafe();
    try {
      createLevels(dir, jobsWrite);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A new (or emptied) file, open for writing, made with the set-up's mode from its first byte.
   *
   * @param jobsWrite whether a job writes in it (a job's log the scheduler appends to)
   */
  public OutputStream newFile(Path file, boolean jobsWrite) throws IOException {
    refuseWhileUnsafe();
    Set<PosixFilePermission> permissions = modes.filePermissions(jobsWrite);
    OutputStream out =
        Channels.newOutputStream(
            Files.newByteChannel(
                file,
                EnumSet.of(
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(permissions)));
    // an existing file keeps its mode through CREATE: set it, and the group, in any case
    Files.setPosixFilePermissions(file, permissions);
    setGroup(file);
    return out;
  }

  /** {@link #newFile} for text in UTF-8. */
  public BufferedWriter newWriter(Path file) throws IOException {
    return new BufferedWriter(
        new OutputStreamWriter(newFile(file, false), StandardCharsets.UTF_8), 64 * 1024);
  }

  /** An empty file with the set-up's mode (a job's log, made before the scheduler opens it). */
  public void touch(Path file, boolean jobsWrite) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      refuseWhileUnsafe();
      Files.setPosixFilePermissions(file, modes.filePermissions(jobsWrite));
      setGroup(file);
    } else {
      newFile(file, jobsWrite).close();
    }
  }

  private void refuseWhileUnsafe() {
    problem()
        .ifPresent(
            p -> {
              LOG.severe(() -> "refusing to write in the shared directory: " + p);
              throw new ApiException(
                  Status.SERVICE_UNAVAILABLE,
                  "server_error",
                  "storage_unsafe",
                  null,
                  "The service's shared directory is not safe to keep data in; its administrators"
                      + " find why in the server's log and readiness.");
            });
  }

  private void createLevels(Path dir, boolean jobsWrite) throws IOException {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      createLevels(parent, false);
    }
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      return; // made at the same time by another thread: it made it with the same mode
    }
    setGroup(dir);
    // setgid and group bits cannot go in at creation through Java's attributes
    Files.setAttribute(dir, "unix:mode", modes.directoryMode(jobsWrite));
  }

  private void setGroup(Path path) throws IOException {
    if (modes.group() != null) {
      GroupPrincipal principal =
          path.getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByGroupName(modes.group());
      Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(principal);
    }
  }

  private static PosixFileAttributes attributes(Path path) throws IOException {
    return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean sticky(Path path) throws IOException {
    return ((Integer) Files.getAttribute(path, "unix:mode") & 01000) != 0;
  }
}
