package org.slurmllm.access.control;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is making the current request, for the audit log. Until API keys exist every caller is
 * "anonymous"; the access feature fills this from the key.
 */
@RequestScoped
public class Caller {

  public static final String ANONYMOUS = "anonymous";

  public String name() {
    return ANONYMOUS;
  }
}
