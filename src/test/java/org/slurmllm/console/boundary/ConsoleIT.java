package org.slurmllm.console.boundary;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Batches;
import org.slurmllm.testing.Console;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.SubPathProxy;

/**
 * The web console in a real browser (the machine's Chromium) against the test server and its SLURM
 * cluster: what an admin, an auditor and a tenant's user see and can do. Every page is saved as a
 * screenshot in target/console-screenshots.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class ConsoleIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  static Console console;
  final Api admin = Api.ofTestServer();
  final Access access = new Access(admin);

  @BeforeAll
  static void browser() {
    console = Console.ofTestServer();
    // replicas are real SLURM jobs: what a page waits for may take a while to happen
    PlaywrightAssertions.setDefaultAssertionTimeout(90_000);
  }

  @AfterAll
  static void closeBrowser() {
    console.close();
  }

  @AfterEach
  void noScriptErrors() {
    assertEquals(List.of(), console.closePages(), "script errors in the console");
  }

  static LocatorAssertions.ContainsTextOptions within(int seconds) {
    return new LocatorAssertions.ContainsTextOptions().setTimeout(seconds * 1000.0);
  }

  /** A mark in the page's window: still there only if the page was never reloaded. */
  static void mark(Page page) {
    page.evaluate("window.__notReloaded = true");
  }

  static void assertNotReloaded(Page page) {
    assertEquals(true, page.evaluate("window.__notReloaded === true"), "the page was reloaded");
  }

  String model(String prefix, String profile, int minReplicas) {
    String name = Models.uniqueName(prefix);
    Api.Reply r =
        admin.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","engineArgs":["--profile","%s"],
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
             "scaling":{"minReplicas":%d,"maxReplicas":1,"targetConcurrency":8,"idleMinutes":10}}"""
                .formatted(name, profile, minReplicas));
    assertEquals(201, r.status(), r::toString);
    return name;
  }

  void awaitReady(String model) {
    Eventually.await(
        model + " ready",
        Duration.ofSeconds(120),
        () -> admin.get("/api/models/" + model + "/replicas").body(),
        body -> body.contains("\"READY\""));
  }

  @Test
  void signInKeepsTheKeyInThisTabOnlyAndSignOutForgetsIt() {
    String model = model("con-over", "instant", 0);
    Page page = console.page();
    Response answer = page.navigate(console.base() + "/console/");
    assertTrue(answer.headers().get("content-security-policy").contains("script-src 'self'"));
    assertEquals("DENY", answer.headers().get("x-frame-options"));
    assertEquals("no-referrer", answer.headers().get("referrer-policy"));

    // a wrong key: an error beside the field, and nothing kept
    page.getByLabel("API key").fill("sk-not-a-key-of-this-server-0000000000");
    page.getByLabel("API key").press("Enter");
    assertThat(page.locator("#key-error")).containsText("does not know this key");
    assertNull(page.evaluate("sessionStorage.getItem('slurmllm.key')"));

    // by keyboard: the field has the focus after the error; type and press Enter
    page.keyboard().press("Control+A");
    page.keyboard().type(Api.adminKey());
    page.keyboard().press("Enter");
    assertThat(page.locator("#page")).containsText(model);
    assertThat(page.locator("#page")).containsText("CPUs allocated");
    console.shot(page, "01-overview");

    String key = Api.adminKey();
    assertFalse(page.url().contains(key), "the key in the URL");
    assertTrue(
        page.context().cookies().stream().noneMatch(c -> c.value.contains(key)),
        "the key in a cookie");
    assertEquals(key, page.evaluate("sessionStorage.getItem('slurmllm.key')"));
    assertEquals(0, page.evaluate("localStorage.length"));

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
    assertThat(page.getByLabel("API key")).isVisible();
    assertNull(page.evaluate("sessionStorage.getItem('slurmllm.key')"));
    assertFalse(page.locator("#page").textContent().contains(model), "the page is cleared");
  }

  @Test
  void aBadFieldShowsBesideItThenTheReplicaComesAndGoesWithoutReload() {
    Page page = console.signIn(Api.adminKey());
    console.open(page, "models");
    console.shot(page, "02-models");
    console.open(page, "models/new");
    Page.GetByLabelOptions exact = new Page.GetByLabelOptions().setExact(true);
    page.getByLabel("Name", exact).fill("Not A Name!");
    page.getByLabel("Engine", exact).selectOption("sim");
    page.getByLabel("GPUs", exact).fill("0");
    page.getByLabel("CPUs", exact).fill("1");
    page.getByLabel("Memory (GB)", exact).fill("1");
    page.getByLabel("Time limit (min)", exact).fill("30");
    page.getByLabel("Min replicas", exact).fill("1");
    page.getByLabel("Max replicas", exact).fill("1");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
    assertThat(page.locator("[data-error-for='name']")).containsText("must match");
    assertThat(page.getByLabel("Name", exact)).hasAttribute("aria-invalid", "true");
    console.shot(page, "03-model-form-error");

    String name = Models.uniqueName("con-form");
    page.getByLabel("Name", exact).fill(name);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
    page.waitForURL("**/console/#/models/" + name);
    mark(page);
    Locator replicas = page.locator("section", new Page.LocatorOptions().setHasText("Replicas"));
    assertThat(replicas.locator("tbody")).containsText("READY", within(120));
    assertThat(replicas.locator("tbody")).not().containsText("No replicas");
    console.shot(page, "04-model-replica-ready");

    page.getByLabel("Desired replicas of " + name).fill("0");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Scale").setExact(true))
        .click();
    assertThat(replicas.locator("tbody")).containsText("STOPPED", within(120));
    assertThat(replicas.locator("tbody")).not().containsText("READY");
    assertNotReloaded(page);

    // the job log of the replica that ran
    replicas
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Log"))
        .first()
        .click();
    assertThat(page.locator("pre.log")).isVisible();
    console.shot(page, "05-model-replica-log");
  }

  @Test
  void aBatchShowsItsProgressUpToAllDoneAndItsChunksSlurmJob() {
    String model = model("con-batch", "instant", 1);
    awaitReady(model);
    String id = Batches.start(admin, model, 12, "cb", 4);
    Page page = console.signIn(Api.adminKey());
    console.open(page, "batches/" + id);
    mark(page);
    assertThat(page.locator("#page")).containsText("100 % (12/12)", within(180));
    JsonObject chunk =
        admin.get("/api/batches/" + id + "/chunks").json().getJsonArray("data").getJsonObject(0);
    assertThat(page.locator("#page")).containsText(chunk.getString("jobId"));
    assertThat(
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download output")))
        .isVisible();
    assertNotReloaded(page);
    console.shot(page, "06-batch");

    Download download =
        page.waitForDownload(
            () ->
                page.getByRole(
                        AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download output"))
                    .click());
    assertEquals(12, readLines(download).size());

    console.open(page, "batches");
    assertThat(page.locator("#page")).containsText(id);
    console.shot(page, "07-batches");
  }

  static List<String> readLines(Download download) {
    try {
      return Files.readAllLines(download.path());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aTribunalStartedFromTheFormFillsInLiveAndShowsMarkupAsText() {
    // the 70B profile is slow (about 3 s a step): the page is there before the steps are
    String a = model("con-tra", "llama-3.1-70b", 1);
    String b = model("con-trb", "llama-3.1-70b", 1);
    String judge = model("con-trj", "llama-3.1-70b", 1);
    awaitReady(a);
    awaitReady(b);
    awaitReady(judge);
    Page page = console.signIn(Api.adminKey());
    console.open(page, "tribunals");
    page.getByText("Start a tribunal").click();
    String prompt =
        "<script>window.__injected = 1</script><img src=x onerror=\"window.__injected=2\">";
    page.getByLabel("Prompt").fill(prompt + " Name a prime number.");
    page.getByLabel("Panel (models, comma-separated)").fill(a + ", " + b);
    page.getByLabel("Judges (comma-separated)").fill(judge);
    page.getByLabel("Max tokens").fill("48");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start tribunal")).click();
    page.waitForURL("**/console/#/tribunals/trb_*");
    mark(page);
    Locator steps = page.locator(".transcript article");
    assertTrue(steps.count() < 3, "the transcript started before the steps ended");
    assertThat(page.locator(".transcript article[data-role='proposer']")).hasCount(2);
    assertThat(page.locator(".transcript article[data-role='judge']")).hasCount(1);
    assertThat(page.locator("#page")).containsText("Verdict", within(120));
    assertThat(page.locator("#page")).containsText("completed");
    assertNotReloaded(page);

    assertThat(page.locator("#page")).containsText(prompt);
    assertEquals(0, page.locator("#page script, #page img").count(), "markup was rendered");
    assertEquals(true, page.evaluate("window.__injected === undefined"));
    console.shot(page, "08-tribunal");
    console.open(page, "tribunals");
    console.shot(page, "09-tribunals");
  }

  @Test
  void aKeyIsShownOnceWorksAndIsRevoked() {
    Page page = console.signIn(Api.adminKey());
    console.open(page, "keys");
    String name = Models.uniqueName("con-key");
    page.getByText("Create a key").click();
    Locator form = page.locator("details", new Page.LocatorOptions().setHasText("Create a key"));
    Locator.GetByLabelOptions exact = new Locator.GetByLabelOptions().setExact(true);
    form.getByLabel("Name", exact).fill(name);
    form.getByLabel("Role", exact).selectOption("auditor");
    form.getByLabel("Requests per minute").fill("600");
    form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create key")).click();
    String secret = page.locator("#new-key").textContent();
    assertTrue(secret.startsWith("sk-"), secret);
    assertEquals(200, admin.withKey(secret).get("/api/me").status());
    console.shot(page, "10-key-created");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Done")).click();
    page.reload();
    page.locator("#page table").first().waitFor();
    assertFalse(page.content().contains(secret), "the key is shown once only");
    Locator row = page.locator("tr", new Page.LocatorOptions().setHasText(name));
    assertThat(row).containsText("600");
    console.shot(page, "11-keys");

    page.onceDialog(dialog -> dialog.accept());
    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke")).click();
    assertThat(row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke")))
        .hasCount(0);
    assertEquals(401, admin.withKey(secret).get("/api/me").status());
  }

  @Test
  void anAuditorIsOfferedNoChange() {
    String model = model("con-aud", "instant", 0);
    Access.Key auditor = access.key(null, "auditor");
    Page page = console.signIn(auditor.secret());
    assertThat(page.locator("#nav")).not().containsText("Playground");
    for (String path :
        List.of("overview", "models", "models/" + model, "batches", "tribunals", "keys", "usage")) {
      console.open(page, path);
      page.waitForLoadState();
      page.locator("#page table, #page p").first().waitFor();
      for (String control :
          List.of(
              "New model",
              "Scale",
              "Autoscale",
              "Edit",
              "Delete",
              "Cancel",
              "Start a tribunal",
              "Create a key",
              "Revoke",
              "Add a tenant")) {
        assertEquals(
            0,
            page.getByText(control, new Page.GetByTextOptions().setExact(true)).count(),
            control + " offered to an auditor on " + path);
      }
      assertEquals(0, page.locator("#page select[aria-label^='Content policy']").count());
    }
    console.open(page, "models");
    assertThat(page.locator("#page")).containsText(model);
    console.shot(page, "12-auditor-models");
  }

  @Test
  void aUserSeesItsTenantOnly() {
    String model = model("con-ten", "instant", 1);
    awaitReady(model);
    String tenantA = access.tenant("con-a");
    String tenantB = access.tenant("con-b");
    Access.Key userA = access.key(tenantA, "user");
    Access.Key userB = access.key(tenantB, "user");
    String batchA = Batches.start(access.as(userA), model, 2, "a", 4);
    String batchB = Batches.start(access.as(userB), model, 2, "b", 4);
    Api.Reply tribunalB =
        access
            .as(userB)
            .post(
                "/api/tribunals",
                """
                {"prompt":"secret of tenant B","panel":["%s"],"judges":["%s"],"maxTokens":4}"""
                    .formatted(model, model));
    assertEquals(202, tribunalB.status(), tribunalB::toString);
    String tribunalOfB = tribunalB.json().getString("id");

    Page page = console.signIn(userA.secret());
    assertEquals(
        List.of("Batches", "Tribunals", "Playground"), page.locator("#nav a").allTextContents());
    console.open(page, "batches");
    assertThat(page.locator("#page")).containsText(batchA);
    assertThat(page.locator("#page")).not().containsText(batchB);
    console.shot(page, "13-user-batches");
    console.open(page, "tribunals");
    page.locator("#page table, #page p.muted").first().waitFor();
    assertThat(page.locator("#page")).not().containsText(tribunalOfB);
    console.open(page, "tribunals/" + tribunalOfB);
    assertThat(page.locator("#page .error")).isVisible();
    assertThat(page.locator("#page")).not().containsText("secret of tenant B");
    // a page the role may not open leads back to one it may
    page.navigate(console.base() + "/console/#/keys");
    page.waitForURL("**/console/#/batches");
  }

  @Test
  void thePlaygroundStreamsAnAnswerWithItsTimingsAndItsCode() {
    String model = model("con-play", "llama-3.2-1b", 1);
    awaitReady(model);
    Page page = console.signIn(Api.adminKey());
    console.open(page, "playground");
    page.getByLabel("Model", new Page.GetByLabelOptions().setExact(true)).selectOption(model);
    page.getByLabel("Message", new Page.GetByLabelOptions().setExact(true))
        .fill("<b>bold?</b> Tell me a story.");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
    assertThat(page.locator("#page p[role='status']")).containsText("Time to first token");
    assertThat(page.locator("#page p[role='status']")).containsText("tokens/s");
    assertFalse(page.locator("output.answer").textContent().isBlank());
    assertThat(page.locator(".turn p.text").first()).hasText("<b>bold?</b> Tell me a story.");
    assertEquals(0, page.locator(".turn b").count());
    page.getByText("curl", new Page.GetByTextOptions().setExact(true)).click();
    assertThat(page.locator("#page pre").first()).containsText("$SLURMLLM_API_KEY");
    assertThat(page.locator("#page pre").first()).containsText(model);
    assertFalse(page.content().contains(Api.adminKey()), "the key in the page");
    console.shot(page, "14-playground");
  }

  @Test
  void usageChartsTableCsvAndTheAuditTrail() {
    String model = model("con-use", "instant", 1);
    awaitReady(model);
    for (int i = 0; i < 3; i++) {
      Api.Reply r =
          admin.post(
              "/v1/chat/completions",
              """
              {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":4}"""
                  .formatted(model));
      assertEquals(200, r.status(), r::toString);
    }
    Page page = console.signIn(Api.adminKey());
    console.open(page, "usage");
    page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Model")).fill(model);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
    assertThat(page.locator("#page .records table.striped > tbody > tr")).hasCount(3);
    assertThat(page.locator(".uplot")).hasCount(3);
    console.shot(page, "15-usage");
    Download csv =
        page.waitForDownload(
            () ->
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download CSV"))
                    .click());
    List<String> lines = readLines(csv);
    assertTrue(lines.get(0).startsWith("id,at,keyId"), lines.get(0));
    assertEquals(4, lines.size(), lines::toString);
    assertTrue(lines.get(1).contains(model));

    console.open(page, "audit");
    page.getByLabel("Action").fill("model.create");
    page.getByLabel("Object id").fill(model);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
    // the entries' own rows, not those of the change tables inside them
    assertThat(page.locator("#page table.striped > tbody > tr")).hasCount(1);
    page.getByText("What changed").click();
    Locator diff = page.locator("table.diff");
    assertThat(diff).containsText("engine");
    assertThat(diff).containsText("sim");
    console.shot(page, "16-audit");
  }

  @Test
  void aNarrowWindowAndAProxysSubPathWork() throws Exception {
    String model = model("con-sub", "instant", 0);
    Page narrow = console.page(420, 800);
    console.signIn(narrow, Api.adminKey());
    console.open(narrow, "models");
    assertThat(narrow.locator("#page")).containsText(model);
    assertEquals(
        true,
        narrow.evaluate("document.documentElement.scrollWidth <= window.innerWidth"),
        "the page is wider than a narrow window");
    console.shot(narrow, "17-narrow");

    try (SubPathProxy proxy = new SubPathProxy(console.base())) {
      Page page = console.page();
      page.navigate(proxy.base() + "/console");
      page.getByLabel("API key").fill(Api.adminKey());
      page.getByLabel("API key").press("Enter");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Models")).click();
      assertThat(page.locator("#page")).containsText(model);
      assertTrue(page.url().startsWith(proxy.base() + "/console/"), page.url());
      // the live stream goes through the proxy too
      String later = model("con-sub-later", "instant", 0);
      assertThat(page.locator("#page")).containsText(later, within(30));
    }
  }
}
