package org.slurmllm.serving.boundary;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wakes the reconciler the moment a rendezvous file appears, instead of at its next tick. Where the
 * file system cannot notify (some network file systems only tell about local writes), the
 * reconciler's own polling still finds the file; this only makes the common case fast.
 */
final class RendezvousWatcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RendezvousWatcher.class.getName());

  private final WatchService service;
  private final Runnable onChange;

  private RendezvousWatcher(WatchService service, Runnable onChange) {
    this.service = service;
    this.onChange = onChange;
  }

  static RendezvousWatcher start(Path dir, ThreadFactory threads, Runnable onChange) {
    try {
      WatchService service = FileSystems.getDefault().newWatchService();
      dir.register(
          service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      RendezvousWatcher watcher = new RendezvousWatcher(service, onChange);
      Thread thread = threads.newThread(watcher::watch);
      thread.setName("rendezvous-watcher");
      thread.setDaemon(true);
      thread.start();
      return watcher;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.INFO, "not watching {0} ({1}); polling only", new Object[] {dir, e.toString()});
      return null;
    }
  }

  private void watch() {
    try {
      while (true) {
        WatchKey key = service.take();
        boolean endpoint =
            key.pollEvents().stream().anyMatch(e -> e.context().toString().endsWith(".endpoint"));
        key.reset();
        if (endpoint) {
          onChange.run();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedWatchServiceException e) {
      // closed on undeploy
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
