package org.slurmllm.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The application as the build made it: tests run against the real WAR, not a hand-picked one. */
public final class Deployments {

  private Deployments() {}

  public static WebArchive application() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war")));
  }

  /** The name {@link #application()} is deployed under. */
  public static String applicationName() {
    return new File(System.getProperty("it.war")).getName();
  }

  /**
   * The application plus test classes that run inside the server. Arquillian's runner servlet sends
   * no API key: {@link InContainerKey}, declared first in this deployment's web.xml, gives its
   * requests the admin key (the application's own filter, declared by annotation, comes after).
   */
  public static WebArchive inContainer(Class<?>... testClasses) {
    String webXml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <context-param>
            <param-name>resteasy.preferJacksonOverJsonB</param-name>
            <param-value>false</param-value>
          </context-param>
          <context-param>
            <param-name>resteasy.patchfilter.disabled</param-name>
            <param-value>true</param-value>
          </context-param>
          <filter>
            <filter-name>in-container-key</filter-name>
            <filter-class>org.slurmllm.testing.InContainerKey</filter-class>
            <async-supported>true</async-supported>
          </filter>
          <filter-mapping>
            <filter-name>in-container-key</filter-name>
            <url-pattern>/ArquillianServletRunnerEE9</url-pattern>
            <url-pattern>/ArquillianServletRunner</url-pattern>
          </filter-mapping>
          <filter-mapping>
            <filter-name>org.slurmllm.access.boundary.AuthenticationFilter</filter-name>
            <url-pattern>/*</url-pattern>
          </filter-mapping>
        </web-app>
        """;
    return application()
        .addClasses(testClasses)
        .addClass(InContainerKey.class)
        .setWebXML(new StringAsset(webXml.strip()));
  }
}
