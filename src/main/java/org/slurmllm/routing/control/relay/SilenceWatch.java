package org.slurmllm.routing.control.relay;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * How long the replica of one relayed try has been silent: a timer on the client's I/O thread that
 * tells the try when nothing came for the limit (its answer's first byte; then, in a stream, the
 * next event). Its own class because it is the one piece of the try that deals in time, and the way
 * it keeps the hot path cheap belongs with it: the timer is checked when it fires rather than
 * re-armed on every read (a timer per token), and a watch paused while the replica waits for a slow
 * client does not count that wait against the replica.
 */
final class SilenceWatch {

  private final XnioIoThread thread;
  private final Runnable silent;
  private long lastActivity = System.nanoTime();
  private boolean paused;
  private boolean stopped;
  private XnioExecutor.Key timer;

  /**
   * @param silent what runs (once) when the limit passed in silence
   */
  SilenceWatch(XnioIoThread thread, Runnable silent) {
    this.thread = thread;
    this.silent = silent;
  }

  /** Watches for {@code limit} of silence, counted from the last activity. */
  void watch(Duration limit) {
    arm(limit.toNanos());
  }

  /** Something came from the replica. */
  void touch() {
    lastActivity = System.nanoTime();
  }

  /** The replica waits for the client: its silence is not counted. */
  void pause() {
    paused = true;
  }

  /** The client took what it was given: the replica's silence is counted from now. */
  void resume() {
    paused = false;
    touch();
  }

  /** The try ended: nothing fires any more. */
  void stop() {
    stopped = true;
    if (timer != null) {
      timer.remove();
      timer = null;
    }
  }

  private void arm(long limitNanos) {
    if (timer != null) {
      timer.remove();
    }
    long wait = Math.max(1, limitNanos - (System.nanoTime() - lastActivity));
    timer = thread.executeAfter(() -> check(limitNanos), wait, TimeUnit.NANOSECONDS);
  }

  private void check(long limitNanos) {
    timer = null;
    if (stopped) {
      return;
    }
    if (paused || System.nanoTime() - lastActivity < limitNanos) {
      arm(limitNanos);
      return;
    }
    silent.run();
  }
}
