package org.slurmllm.cluster.entity;

/** The scheduler could not be reached or answered nonsense; the request may succeed later. */
public class SchedulerUnavailableException extends RuntimeException {
  public SchedulerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public SchedulerUnavailableException(String message) {
    super(message);
  }
}
