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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
    // every node with its replica and chunk jobs, as /api/cluster reports them
    assertThat(page.locator("table:has(caption:text('Nodes, with the replicas')) tbody tr"))
        .not()
        .hasCount(0);
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
    // who waits for the model, by tenant and tier: nobody, on an idle model
    Locator queue = page.locator("section", new Page.LocatorOptions().setHasText("waiting on"));
    assertThat(queue).containsText("0 waiting on this gateway");
    assertThat(queue).containsText("Nobody waits");
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
    assertThat(page.locator("#page"))
        .containsText("12 of 12 done: 12 completed, 0 failed", within(180));
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

  /** A computed style of the first element matching the selector. */
  static String style(Page page, String selector, String property) {
    return style(page.locator(selector).first(), property);
  }

  static String style(Locator element, String property) {
    return (String) element.evaluate("(e, p) => getComputedStyle(e)[p]", property);
  }

  /** The colour the console gives muted text (class muted), whether the page has some or not. */
  static String mutedColour(Page page) {
    return (String)
        page.evaluate(
            "() => { const e = document.createElement('span'); e.className = 'muted';"
                + " document.body.append(e); const c = getComputedStyle(e).color; e.remove();"
                + " return c; }");
  }

  static double px(String length) {
    return Double.parseDouble(length.replace("px", ""));
  }

  @Test
  void aBatchWithFailuresCountsThemAndItsBarShowsThemApart() {
    String model = model("con-bfail", "instant", 1);
    awaitReady(model);
    String good =
        """
        {"custom_id":"%s","method":"POST","url":"/v1/chat/completions","body":{"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":4}}""";
    String input =
        String.join(
            "\n",
            good.formatted("ok-1", model),
            good.formatted("no-model", "no-such-model-anywhere"),
            good.formatted("ok-2", model),
            "{\"custom_id\":\"broken\",\"method\":\"POST\"",
            good.formatted("ok-3", model));
    String file =
        admin
            .upload("/v1/files", "batch", "in.jsonl", input.getBytes(StandardCharsets.UTF_8))
            .json()
            .getString("id");
    String id =
        admin
            .post(
                "/v1/batches",
                """
                {"input_file_id":"%s","endpoint":"/v1/chat/completions","completion_window":"24h"}"""
                    .formatted(file))
            .json()
            .getString("id");
    Page page = console.signIn(Api.adminKey());
    console.open(page, "batches/" + id);
    Locator progress = page.locator("#page .progress").first();
    assertThat(progress)
        .hasText(
            "5 of 5 done: 3 completed, 2 failed",
            new LocatorAssertions.HasTextOptions().setTimeout(180_000));
    assertThat(page.locator("#page")).containsText("completed");
    // the bar: three fifths completed, two fifths failed, apart
    double bar = progress.locator(".bar").boundingBox().width;
    assertEquals(0.6, progress.locator(".bar-completed").boundingBox().width / bar, 0.02);
    assertEquals(0.4, progress.locator(".bar-failed").boundingBox().width / bar, 0.02);
    assertEquals("rgb(198, 40, 40)", style(progress.locator(".bar-failed"), "backgroundColor"));
    assertThat(progress.locator(".bar-failed")).hasAttribute("title", "2 failed");
    console.shot(page, "06b-batch-with-failures");

    console.open(page, "batches");
    Locator row = page.locator("tr", new Page.LocatorOptions().setHasText(id));
    assertThat(row).containsText("5 of 5 done: 3 completed, 2 failed");
  }

  @Test
  void timesAreLocalWithUtcOnHoverTheBackOffsNextAttemptTooAndAReplicaWithoutJobHasNoLog() {
    // a feature no node has: SLURM refuses the job, the replica fails unsubmitted, the model backs
    // off (more GPUs than any node has would be refused at creation)
    String name = Models.uniqueName("con-refused");
    Api.Reply created =
        admin.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim",
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30,
                          "constraint":"no-such-feature"},
             "scaling":{"minReplicas":1,"maxReplicas":1,"targetConcurrency":8,"idleMinutes":10}}"""
                .formatted(name));
    assertEquals(201, created.status(), created::toString);
    JsonObject status =
        Eventually.await(
            name + " backs off",
            Duration.ofSeconds(120),
            () -> admin.get("/api/models/" + name + "/replicas").json().getJsonObject("status"),
            st -> st.getString("state").equals("backoff"));
    // the API keeps the instant ISO (UTC) for scripts
    assertTrue(
        status.getString("message").matches(".*next attempt at \\d{4}-\\d\\d-\\d\\dT[^ ;]*Z;.*"),
        status::toString);

    // Kolkata is 5:30 from UTC: a time shown as UTC cannot pass for local
    ZoneId zone = ZoneId.of("Asia/Kolkata");
    Page page = console.pageIn(zone.getId());
    console.signIn(page, Api.adminKey());
    console.open(page, "models/" + name);
    Locator head = page.locator("#page p", new Page.LocatorOptions().setHasText("next attempt at"));
    Locator next = head.locator("time");
    assertThat(next).hasCount(1);
    assertLocal(next, zone);
    assertFalse(
        head.textContent().matches(".*\\d{4}-\\d\\d-\\d\\dT.*"), "an ISO instant shown raw");

    Locator replicas = page.locator("section", new Page.LocatorOptions().setHasText("Replicas"));
    assertThat(replicas.locator("tbody")).containsText("FAILED");
    Locator started = replicas.locator("tbody time").first();
    assertLocal(started, zone);
    // none of its replicas got a SLURM job: there is no log to offer
    assertThat(replicas.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Log")))
        .hasCount(0);
    console.shot(page, "04b-model-backoff-local-time");
    admin.delete("/api/models/" + name);
  }

  /** A time element shows its instant in the zone's local time, with the UTC (ISO) on hover. */
  static void assertLocal(Locator time, ZoneId zone) {
    // read at once: a live update may draw the element anew (a later next attempt) in between
    @SuppressWarnings("unchecked")
    List<String> seen = (List<String>) time.evaluate("e => [e.dateTime, e.title, e.textContent]");
    String iso = seen.get(0);
    assertEquals(iso + " (UTC)", seen.get(1));
    // what Chromium's en-US short date and medium time give (its spaces may be narrow ones)
    String expected =
        DateTimeFormatter.ofPattern("M/d/yy, h:mm:ss a", Locale.US)
            .format(Instant.parse(iso).atZone(zone));
    assertEquals(expected, seen.get(2).replaceAll("[\\u202f\\u00a0]", " "));
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
  void aTribunalThatStoppedEarlySaysAfterWhichRound() {
    String model = model("con-tre", "instant", 1);
    awaitReady(model);
    // an early-stop score of 0 is reached by any score: round 1 of 2 is the last
    Api.Reply started =
        admin.post(
            "/api/tribunals",
            """
            {"prompt":"Name a prime number.","panel":["%s"],"judges":["%s"],"rounds":2,
             "earlyStopScore":0,"maxTokens":4}"""
                .formatted(model, model));
    assertEquals(202, started.status(), started::toString);
    String id = started.json().getString("id");
    JsonObject ended =
        Eventually.await(
            "tribunal " + id + " ended",
            Duration.ofSeconds(120),
            () -> admin.get("/api/tribunals/" + id).json(),
            t -> !Set.of("queued", "running").contains(t.getString("status")));
    assertEquals("completed", ended.getString("status"), ended::toString);
    assertEquals(1, ended.getInt("roundsRun"));
    assertTrue(ended.getBoolean("stoppedEarly"), ended::toString);

    Page page = console.signIn(Api.adminKey());
    console.open(page, "tribunals/" + id);
    assertThat(page.locator("#page h1 + p")).containsText("stopped early after round 1 of 2");
    console.shot(page, "08b-tribunal-stopped-early");
    console.open(page, "tribunals");
    assertThat(page.locator("tr", new Page.LocatorOptions().setHasText(id)))
        .containsText("1 of 2, stopped early");
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
        List.of("Models", "Batches", "Tribunals", "Playground"),
        page.locator("#nav a").allTextContents());
    // the models it may call, without how they run (the server sends a user no internals)
    console.open(page, "models");
    assertThat(page.locator("#page")).containsText(model);
    assertEquals(
        List.of("Name", "Task", "Context", "Status", "Message"),
        page.locator("#page th").allTextContents());
    assertThat(page.locator("#page")).not().containsText("Engine");
    assertThat(page.locator("#page button:has-text('Scale')")).hasCount(0);
    console.shot(page, "13-user-models");
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
    page.waitForURL("**/console/#/models");
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
    Locator stats = page.locator("#page [role='status']");
    assertThat(stats).containsText("Time to first token");
    // the two speeds side by side, first, on one line, each with what it measures
    Locator terms = stats.locator("dt");
    assertEquals(List.of("Time to first token", "Tokens/s"), terms.allTextContents().subList(0, 2));
    assertEquals(terms.nth(0).boundingBox().y, terms.nth(1).boundingBox().y, 1, "not on one line");
    assertThat(terms.nth(0))
        .hasAttribute("title", "from pressing Send to the first token arriving in this browser");
    assertThat(terms.nth(1))
        .hasAttribute(
            "title",
            "the completion tokens after the first, over the time from the first token to the"
                + " last");
    assertTrue(
        stats.locator("dd").nth(1).textContent().matches("\\d+\\.\\d"),
        stats.locator("dd").nth(1).textContent());
    assertThat(stats.locator(".legend"))
        .containsText(
            "Tokens/s: the completion tokens after the first, over the time from the first token"
                + " to the last.");
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
    // the charts' legends in the console's own type, smaller and muted, not uPlot's defaults
    Locator legend = page.locator(".u-legend").first();
    assertEquals(style(page, "body", "fontFamily"), style(legend, "fontFamily"));
    assertEquals(mutedColour(page), style(legend, "color"));
    assertTrue(
        px(style(legend, "fontSize")) < px(style(page, "body", "fontSize")),
        "the legend is smaller than the text");
    assertEquals("0px", style(legend.locator("th").first(), "borderBottomWidth"));
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
    // empty filters show examples, grey and italic, never what looks like a value typed in
    assertThat(page.getByLabel("Action")).hasAttribute("placeholder", "e.g. model.create");
    assertThat(page.getByLabel("Object type")).hasAttribute("placeholder", "e.g. model");
    Object placeholder =
        page.evaluate(
            "s => { const p = getComputedStyle(document.querySelector(s), '::placeholder');"
                + " return [p.fontStyle, p.color]; }",
            "input[name='action']");
    assertEquals(List.of("italic", mutedColour(page)), placeholder);
    console.shot(page, "16-audit-filters");
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
