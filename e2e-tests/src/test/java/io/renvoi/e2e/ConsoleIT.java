package io.renvoi.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.tritonlocal.TritonLocalServer;
import io.restassured.response.Response;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (headless Chromium, {@link Browser}) on the whole platform: the four services
 * and the console as processes, triton-local in this JVM, the demo site served by {@link LoopbackSite}. A person signs
 * in with a one-time link, asks the demo question and sees the streamed answer, a verified source card and an "open
 * at source" link to the passage; starts a job and sees its bar reach done; sees an evicted page with its reason;
 * asks with the keyboard only; sees the recent jobs (also those started elsewhere) and a running job's time left; gets
 * "I don't know" as an answer; sees a source changed since indexing listed as dropped; releases a host's held
 * evictions; and, with the LLM down, still sees the sources and why there is no answer.
 * Screenshots: target/screenshots/*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    private static final Duration PAGE_WAIT = Duration.ofSeconds(180);
    private static final String QUESTION = "When was the Fresnel lens invented and by whom?";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final String demo = "console-" + UUID.randomUUID().toString().substring(0, 8);
    private final Platform platform = new Platform();
    private LoopbackSite site;
    private TritonLocalServer triton;
    private ServiceProcess ingest;
    private ServiceProcess query;
    private ServiceProcess links;
    private ServiceProcess console;
    private ChromeDriver browser;

    @BeforeAll
    void startPlatform() throws Exception {
        Browser.requireInstalled();
        site = platform.add(LoopbackSite.start());
        Path demoDir = Path.of(System.getProperty("renvoi.repo", "..")).resolve("demo");
        String layout = Files.readString(demoDir.resolve("site-layout.html"));
        try (var files = Files.list(demoDir.resolve("site"))) {
            for (Path f : files.toList()) {
                String body = Files.readString(f);
                if (f.toString().endsWith(".html")) { // as demo/SiteServer.java serves it, in its layout
                    body = body.replace("\r\n", "\n");
                    int cut = body.indexOf("\n\n");
                    body = layout.replace("{{head}}", cut < 0 ? "" : body.substring(0, cut))
                            .replace("{{article}}", body.substring(cut < 0 ? 0 : cut + 2));
                }
                String type = f.toString().endsWith(".html") ? "text/html; charset=utf-8" : "text/plain";
                site.page("/" + f.getFileName(), 200, type, body);
            }
        }
        triton = platform.add(TritonLocalServer.start(0, 0));
        Map<String, String> common = TestServers.serviceSettings("127.0.0.1/32", triton.port());
        Map<String, String> uncached = new HashMap<>(common);
        uncached.put("renvoi.query.passage-cache.max-bytes", "0"); // every answer re-reads: "verified live"
        Map<String, String> checker = new HashMap<>(common);
        checker.putAll(TestServers.quickLinkChecks());
        checker.put("renvoi.links.mass-eviction.min-evictions", "3"); // a small site losing its pages trips the guard
        ingest = platform.start("ingest-service", common);
        ServiceProcess embed = platform.start("embed-service", common);
        query = platform.start("query-service", uncached);
        links = platform.start("link-checker", checker);
        platform.awaitReady(Duration.ofSeconds(180));
        console = platform.start(
                "web-console",
                Map.of(
                        "renvoi.console.ingest-url", ingest.url(""),
                        "renvoi.console.embed-url", embed.url(""),
                        "renvoi.console.query-url", query.url(""),
                        "renvoi.console.links-url", links.url(""),
                        "renvoi.console.default-collection", demo));
        console.awaitReady(Duration.ofSeconds(120));

        List<String> pages = List.of("index.html", "history.html", "fresnel-lens.html", "keepers.html", "visit.html");
        given().contentType("application/json")
                .body(Map.of(
                        "collection",
                        demo,
                        "urls",
                        pages.stream().map(p -> site.url("/" + p)).toList()))
                .post(ingest.url("/api/v1/ingest-jobs"))
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> searchedUrls(demo, "Fresnel lens lighthouse keepers visit history")
                                .size()
                        >= pages.size());
        browser = Browser.start(1280, 1000);
    }

    @AfterAll
    void stopPlatform() throws Exception {
        if (browser != null) browser.quit();
        platform.close();
    }

    @Test
    @Order(1)
    void aOneTimeLinkSignsInOnceAndTheKeyNeverReachesTheBrowser() {
        String token = mintToken();
        String link = console.url("/sign-in/token?t=" + token + "&next=" + enc("/?collection=" + demo));
        Response first =
                given().urlEncodingEnabled(false).redirects().follow(false).get(link);
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.header("Location")).endsWith("/?collection=" + demo);
        String cookie = first.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("rv_session="))
                .findFirst()
                .orElse("(no rv_session cookie)");
        assertThat(cookie)
                .startsWith("rv_session=")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .doesNotContain(E2eKeys.ADMIN);
        String session = first.getCookie("rv_session");
        // consumed: the same link no longer signs in
        given().urlEncodingEnabled(false)
                .redirects()
                .follow(false)
                .get(link)
                .then()
                .statusCode(401);

        String page = given().cookie("rv_session", session)
                .get(console.url("/?collection=" + demo))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page).doesNotContain(E2eKeys.ADMIN).contains("name=\"csrf-token\"");
        Matcher csrf =
                Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        Map<String, String> ask = Map.of("question", QUESTION, "collection", demo);
        // no CSRF token, or another origin: refused before anything is asked
        given().cookie("rv_session", session)
                .contentType("application/json")
                .body(ask)
                .post(console.url("/ui/ask"))
                .then()
                .statusCode(403);
        given().cookie("rv_session", session)
                .header("X-CSRF-Token", csrf.group(1))
                .header("Origin", "http://evil.example")
                .contentType("application/json")
                .body(ask)
                .post(console.url("/ui/ask"))
                .then()
                .statusCode(403);
        // without a session: pages send to sign-in, script calls get 401
        Response anonymous = given().redirects().follow(false).get(console.url("/sources"));
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.header("Location")).endsWith("/sign-in?next=%2Fsources");
        given().contentType("application/json")
                .body(ask)
                .post(console.url("/ui/ask"))
                .then()
                .statusCode(401);
        // a key that is not valid is refused at sign-in
        Response form = given().get(console.url("/sign-in"));
        Matcher field = CSRF_FIELD.matcher(form.asString());
        assertThat(field.find()).isTrue();
        given().cookie("rv_signin", form.getCookie("rv_signin"))
                .formParams(Map.of("key", "rvk_" + "A".repeat(43), "csrf", field.group(1), "next", "/"))
                .post(console.url("/sign-in"))
                .then()
                .statusCode(401);
    }

    @Test
    @Order(2)
    void askTheDemoQuestionAndSeeTheVerifiedPassageAndALinkToIt() throws Exception {
        signIn("/?collection=" + demo);
        WebElement question = browser.findElement(By.id("question"));
        question.sendKeys(QUESTION);
        browser.findElement(By.id("ask-button")).click();
        awaitAnswer();

        String answer = browser.findElement(By.id("answer")).getText();
        assertThat(answer).contains("1822").containsPattern("\\[\\d+]");
        assertThat(browser.findElements(By.cssSelector("#answer a.cite"))).isNotEmpty();
        WebElement card = browser.findElement(By.cssSelector("#sources li.card.status-verified"));
        assertThat(card.findElement(By.cssSelector(".status-label")).getText()).isEqualTo("Verified live");
        assertThat(card.getText()).contains("checked");
        String passage = card.findElement(By.cssSelector(".passage")).getText();
        assertThat(passage).isNotBlank();
        String href = card.findElement(By.cssSelector("a.open-at-source")).getAttribute("href");
        assertThat(href).contains("#:~:text=");
        String pageUrl = href.substring(0, href.indexOf('#'));
        assertThat(pageUrl).startsWith(site.url("/"));
        String[] terms =
                href.substring(href.indexOf("#:~:text=") + "#:~:text=".length()).split(",");
        assertThat(terms).hasSizeBetween(1, 2);
        String flatPassage = passage.replaceAll("\\s+", " ");
        for (String term : terms) {
            assertThat(flatPassage).contains(URLDecoder.decode(term, StandardCharsets.UTF_8));
        }
        assertThat(browser.getCurrentUrl()).contains("q=").contains("collection=" + demo);
        Browser.fullPage(browser, "console-ask");

        // the link opens the source, whose text has the passage's first and last words
        browser.get(href);
        String sourceText = browser.findElement(By.tagName("body")).getText().replaceAll("\\s+", " ");
        for (String term : terms) {
            assertThat(sourceText).contains(URLDecoder.decode(term, StandardCharsets.UTF_8));
        }
        Browser.screenshot(browser, "console-open-at-source");
    }

    @Test
    @Order(3)
    void aSharedAddressAsksAtOnceAndAKeyboardAloneCanAsk() throws Exception {
        browser.get(console.url("/?collection=" + demo + "&q=" + enc("Who keeps the lighthouse?")));
        awaitAnswer();
        assertThat(browser.findElement(By.id("answer")).getText()).isNotBlank();

        browser.get(console.url("/"));
        Actions keys = new Actions(browser);
        for (int i = 0; i < 15 && !"collection".equals(activeId()); i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertThat(activeId()).as("Tab reaches the collection field").isEqualTo("collection");
        keys.keyDown(Keys.CONTROL)
                .sendKeys("a")
                .keyUp(Keys.CONTROL)
                .sendKeys(demo)
                .perform();
        keys.sendKeys(Keys.TAB).perform();
        assertThat(activeId()).as("then the question").isEqualTo("question");
        keys.sendKeys(QUESTION).sendKeys(Keys.ENTER).perform();
        awaitAnswer();
        assertThat(browser.findElement(By.id("answer")).getText()).contains("1822");
        keys.sendKeys(Keys.TAB).perform();
        assertThat(activeId()).as("after the question, the Ask button").isEqualTo("ask-button");
        Browser.screenshot(browser, "console-keyboard");

        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            browser.get(console.url("/?collection=" + demo + "&q=" + enc(QUESTION)));
            awaitAnswer();
            Number overflow = (Number) browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue())
                    .as("no sideways scrolling on a phone")
                    .isLessThanOrEqualTo(0);
            Browser.screenshot(browser, "console-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    @Test
    @Order(4)
    void submitASmallJobAndWatchItsBarReachDone() throws Exception {
        String collection = "console-job-" + UUID.randomUUID().toString().substring(0, 6);
        String tides = site.put(
                "/tides.html",
                "Tides and the Moon",
                "Tides are caused by the gravitational pull of the Moon and the Sun on the oceans.");
        String storms = site.put(
                "/storms.html", "Winter storms", "The keepers logged forty-one winter storms in the year 1881.");
        browser.get(console.url("/ingest"));
        WebElement field = browser.findElement(By.id("job-collection"));
        field.clear();
        field.sendKeys(collection);
        browser.findElement(By.id("job-urls")).sendKeys(tides + "\n" + storms);
        browser.findElement(By.id("job-start")).click();
        By mine = By.xpath("//ul[@id='jobs']/li[@data-state='done'][contains(., 'into " + collection + " ')]");
        WebElement job = new WebDriverWait(browser, PAGE_WAIT).until(ExpectedConditions.presenceOfElementLocated(mine));
        assertThat(job.getText()).contains("done").contains("2 of 2 finished").contains("indexed 2");
        WebElement bar = job.findElement(By.cssSelector("progress.bar"));
        assertThat(bar.getAttribute("value")).isEqualTo(bar.getAttribute("max")).isEqualTo("2");
        Browser.screenshot(browser, "console-ingest");

        String jobId = job.getAttribute("data-job");
        browser.navigate().refresh(); // the job is listed again, from ingest-service
        new WebDriverWait(browser, PAGE_WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#jobs li.job[data-state='done'][data-job='" + jobId + "']")));
    }

    @Test
    @Order(5)
    void recentJobsListJobsStartedElsewhereAndARunningJobShowsItsTimeLeft() throws Exception {
        String collection = "console-recent-" + UUID.randomUUID().toString().substring(0, 6);
        // a job started through the API, not this console: listed all the same, with its counts
        String elsewhere = given().contentType("application/json")
                .body(Map.of(
                        "collection",
                        collection,
                        "urls",
                        List.of(site.put(
                                "/elsewhere.html",
                                "Elsewhere",
                                "The fog signal sounded every thirty seconds in thick weather."))))
                .post(ingest.url("/api/v1/ingest-jobs"))
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            urls.append(site.put(
                            "/log-" + i + ".html",
                            "Logbook page " + i,
                            "Entry " + i + ": the keeper wound the clockwork of the lens at dusk."))
                    .append('\n');
        }
        site.delay(500); // one page at a time, half a second each: the job runs for a while
        try {
            browser.get(console.url("/ingest"));
            WebElement listed = new WebDriverWait(browser, PAGE_WAIT)
                    .until(ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector("#jobs li.job[data-job='" + elsewhere + "']")));
            assertThat(listed.getText()).contains("into " + collection);
            WebElement field = browser.findElement(By.id("job-collection"));
            field.clear();
            field.sendKeys(collection);
            browser.findElement(By.id("job-urls")).sendKeys(urls);
            browser.findElement(By.id("job-start")).click();
            // the frontier's estimate reaches the bar while pages wait for their turn
            WebElement eta = new WebDriverWait(browser, PAGE_WAIT)
                    .until(ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector("#jobs li.job[data-state='running'] .job-eta")));
            assertThat(eta.getText()).matches("about \\d+ (s|min \\d+ s) left");
            WebElement running = browser.findElement(By.cssSelector("#jobs li.job[data-state='running']"));
            assertThat(running.getText()).contains("of 24 finished");
            Browser.screenshot(browser, "console-ingest-time-left");
        } finally {
            site.delay(0);
        }
        new WebDriverWait(browser, PAGE_WAIT)
                .until(ExpectedConditions.numberOfElementsToBe(
                        By.cssSelector("#jobs li.job[data-state='running']"), 0));
        // a new sign-in (another browser, say) lists both jobs, newest first
        browser.manage().deleteAllCookies();
        signIn("/ingest");
        List<WebElement> jobs = new WebDriverWait(browser, PAGE_WAIT).until(d -> {
            List<WebElement> items = d.findElements(By.cssSelector("#jobs li.job[data-state='done']"));
            return items.size() >= 2 ? items : null;
        });
        assertThat(jobs.get(0).getText()).contains("into " + collection).contains("24 of 24 finished");
        assertThat(browser.findElement(By.cssSelector("#jobs li.job[data-job='" + elsewhere + "']"))
                        .getText())
                .contains("1 of 1 finished")
                .contains("indexed 1");
        Browser.fullPage(browser, "console-recent-jobs");
    }

    @Test
    @Order(6)
    void aQuestionNothingAnswersGetsIDontKnowAsAnAnswer() throws Exception {
        browser.get(console.url("/?collection=" + demo + "&q="
                + enc("What is the airspeed velocity of an unladen swallow over the Pacific?")));
        awaitAnswer();
        WebElement answer = browser.findElement(By.id("answer"));
        assertThat(answer.getText()).startsWith("I don't know");
        assertThat(answer.getAttribute("class")).doesNotContain("failed");
        assertThat(answer.findElements(By.cssSelector(".error"))).isEmpty();
        assertThat(browser.findElement(By.id("answer-state")).getText()).startsWith("Answer complete");
        Browser.screenshot(browser, "console-i-dont-know");
    }

    @Test
    @Order(7)
    void aSourceChangedSinceIndexingIsShownAsDropped() throws Exception {
        String collection = "console-changed-" + UUID.randomUUID().toString().substring(0, 6);
        String text = "The keepers burned colza oil in the great lamp until 1880, when kerosene replaced it.";
        String url = site.put("/lamp-oil.html", "Lamp oil", text);
        ingestPage(url, collection);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> searchedUrls(collection, "colza oil lamp kerosene").contains(url));
        // The page changes after indexing; the link-checker (every second or two here) soon re-ingests it, so each
        // try changes it again just before asking: what is indexed is then always an older text than the page's.
        String question = "What oil did the keepers burn in the great lamp before kerosene?";
        List<WebElement> dropped = List.of();
        for (int revision = 1; revision <= 5 && dropped.isEmpty(); revision++) {
            site.put(
                    "/lamp-oil.html",
                    "Lamp oil",
                    "Revised (" + revision + "): the keepers burned colza oil in the great lamp until kerosene came.");
            browser.get(console.url("/?collection=" + collection + "&q=" + enc(question)));
            awaitAnswer();
            dropped = browser.findElements(By.cssSelector("#dropped li.dropped-source"));
        }
        assertThat(dropped).as("a dropped source").isNotEmpty();
        assertThat(dropped.get(0).getText()).contains(url).contains("Changed at source");
        assertThat(browser.findElement(By.id("dropped")).getText()).contains("Dropped sources");
        assertThat(browser.findElements(By.cssSelector("#sources li.card.status-verified")))
                .isEmpty();
        Browser.fullPage(browser, "console-dropped-source");
    }

    @Test
    @Order(8)
    void anEvictedPageIsShownWithItsReasonAndAPageCanBeRechecked() throws Exception {
        String collection = "console-links-" + UUID.randomUUID().toString().substring(0, 6);
        String closing =
                site.put("/closing.html", "Closing notice", "The museum annex on Gull Rock closes for good in March.");
        String staying = site.put("/opening.html", "Opening hours", "The museum opens daily from ten to five.");
        for (String url : List.of(closing, staying)) {
            ingestPage(url, collection);
        }
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> linkUrls(collection, "active").containsAll(List.of(closing, staying)));
        site.fail("/closing.html", 410);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> linkUrls(collection, "evicted").contains(closing));

        browser.get(console.url("/sources?collection=" + collection));
        WebElement evicted = browser.findElement(By.id("evicted"));
        assertThat(evicted.getText()).contains(closing).contains("gone");
        assertThat(evicted.findElement(By.cssSelector(".reason")).getText()).isEqualTo("gone");
        assertThat(browser.findElement(By.id("counts")).getText()).contains("evicted");
        Browser.fullPage(browser, "console-sources");

        String url = browser.findElement(By.cssSelector("#upcoming li.entry a")).getText();
        assertThat(url).isEqualTo(staying);
        // The link-checker's own rounds (every second here) may hold the entry's lease at that moment: the console
        // then says the re-check was refused and why, and a person presses the button again.
        String notice = "";
        long deadline = System.nanoTime() + PAGE_WAIT.toNanos();
        for (int attempt = 0; attempt < 10 && System.nanoTime() < deadline; attempt++) {
            List<WebElement> before = browser.findElements(By.id("notice"));
            browser.findElement(By.cssSelector("#upcoming li.entry form.recheck button"))
                    .click();
            if (!before.isEmpty()) { // the answer is a new page: wait until the previous one is gone
                new WebDriverWait(browser, PAGE_WAIT).until(ExpectedConditions.stalenessOf(before.get(0)));
            }
            notice = new WebDriverWait(browser, PAGE_WAIT)
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("notice")))
                    .getText();
            if (!notice.contains("is being checked by another replica")) {
                break;
            }
        }
        assertThat(notice).startsWith("Checked " + staying + ": unchanged");
    }

    @Test
    @Order(9)
    void anAdminReleasesAHostsHeldEvictions() throws Exception {
        String collection = "console-held-" + UUID.randomUUID().toString().substring(0, 6);
        try (LoopbackSite guarded = LoopbackSite.start()) { // a host of its own (its port)
            List<String> urls = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                urls.add(guarded.put("/notice-" + i + ".html", "Notice " + i, "Harbour notice number " + i + "."));
            }
            for (String url : urls) {
                ingestPage(url, collection);
            }
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> linkUrls(collection, "active").containsAll(urls));
            for (int i = 0; i < 6; i++) guarded.fail("/notice-" + i + ".html", 410);
            // the first evictions go through, then the guard holds the rest of the host's
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> linkUrls(collection, "held").size()
                                    + linkUrls(collection, "evicted").size()
                            == 6);
            int held = linkUrls(collection, "held").size();
            assertThat(held).isPositive();
            String host = java.net.URI.create(urls.get(0)).getAuthority();

            browser.get(console.url("/sources?collection=" + collection));
            WebElement heldList = browser.findElement(By.id("held"));
            assertThat(heldList.getText()).contains(host + ": " + held + " held");
            Browser.fullPage(browser, "console-held-evictions");
            heldList.findElement(By.xpath(".//li[contains(., '" + host + "')]//button[@value='release']"))
                    .click();
            String notice = new WebDriverWait(browser, PAGE_WAIT)
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("notice")))
                    .getText();
            assertThat(notice)
                    .isEqualTo("Released " + held + " held eviction" + (held == 1 ? "" : "s") + " of " + host
                            + ": evicted.");
            assertThat(browser.findElements(By.xpath("//ul[@id='held']/li[contains(., '" + host + "')]")))
                    .isEmpty();
            assertThat(browser.findElement(By.id("evicted")).getText()).contains(urls.get(5));
            assertThat(linkUrls(collection, "evicted")).containsExactlyInAnyOrderElementsOf(urls);
            assertThat(browser.findElement(By.id("counts")).getText()).contains("evicted 6");
        }
    }

    @Test
    @Order(10)
    void withTheLlmDownTheSourcesStillShowAndTheAnswerSaysWhy() throws Exception {
        triton.close();
        browser.get(console.url("/?collection=" + demo + "&q=" + enc(QUESTION)));
        new WebDriverWait(browser, PAGE_WAIT)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("answer-state"), "No answer was written"));
        assertThat(browser.findElement(By.id("answer")).getText())
                .startsWith("No answer:")
                .contains("language model is unavailable");
        new WebDriverWait(browser, PAGE_WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dropped ul.retrieved li")));
        assertThat(browser.findElement(By.id("dropped")).getText())
                .contains("not verified")
                .contains(site.url("/fresnel-lens.html"));
        Browser.fullPage(browser, "console-llm-down");
    }

    // ---------------------------------------------------------------- helpers

    private void signIn(String next) {
        browser.get(console.url("/sign-in/token?t=" + mintToken() + "&next=" + enc(next)));
        new WebDriverWait(browser, PAGE_WAIT)
                .until(ExpectedConditions.and(
                        ExpectedConditions.not(ExpectedConditions.urlContains("/sign-in")),
                        ExpectedConditions.presenceOfElementLocated(By.cssSelector("meta[name='csrf-token']"))));
    }

    private String mintToken() {
        return given().header("Authorization", "Bearer " + E2eKeys.ADMIN)
                .post(console.url("/sign-in/tokens"))
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    /** Waits until the answer is complete (the citations arrived) and the stream ended. */
    private void awaitAnswer() {
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("answer-state"), "Answer complete"));
        wait.until(ExpectedConditions.attributeToBe(By.id("answer"), "aria-busy", "false"));
    }

    private String activeId() {
        return browser.switchTo().activeElement().getAttribute("id");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private List<String> searchedUrls(String collection, String q) {
        return given()
                .contentType("application/json")
                .body(Map.of("query", q, "collection", collection, "k", 20))
                .post(query.url("/api/v1/search"))
                .then()
                .statusCode(200)
                .extract()
                .<List<String>>path("hits.url")
                .stream()
                .distinct()
                .toList();
    }

    /** Asks ingest-service to ingest one page into {@code collection} (202: accepted). */
    private void ingestPage(String url, String collection) {
        given().contentType("application/json")
                .body(Map.of("url", url, "collection", collection))
                .post(ingest.url("/api/v1/documents"))
                .then()
                .statusCode(202);
    }

    private List<String> linkUrls(String collection, String status) {
        return given().get(links.url("/api/v1/links?status=" + status + "&collection=" + collection))
                .then()
                .statusCode(200)
                .extract()
                .path("entries.url");
    }
}
