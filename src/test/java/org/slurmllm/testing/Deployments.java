package org.slurmllm.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The application as the build made it: tests run against the real WAR, not a hand-picked one. */
public final class Deployments {

  private Deployments() {}

  public static WebArchive application() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war")));
  }
}
