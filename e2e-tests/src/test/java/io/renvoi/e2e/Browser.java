package io.renvoi.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through the system chromedriver: both paths are given explicitly, so
 * Selenium Manager never runs and nothing is downloaded ({@code renvoi.browser.binary}, default
 * /usr/bin/chromium; {@code renvoi.browser.driver}, default /usr/bin/chromedriver). When they are missing the
 * browser tests fail with the fix when {@code renvoi.browser.required} is true (CI: {@code .ci/run}) and are
 * skipped with the same message otherwise. Screenshots go to target/screenshots.
 */
final class Browser {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String BINARY = System.getProperty("renvoi.browser.binary", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("renvoi.browser.driver", "/usr/bin/chromedriver");

    private Browser() {}

    /** Fails (CI) or skips (elsewhere) the calling test class when Chromium or its driver is missing. */
    static void requireInstalled() {
        if (Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of(DRIVER))) {
            return;
        }
        String message = "the browser tests need Chromium and its driver (" + BINARY + ", " + DRIVER
                + "): apt-get install chromium chromium-driver (.ci/run does), or set -Drenvoi.browser.binary and"
                + " -Drenvoi.browser.driver";
        if (Boolean.getBoolean("renvoi.browser.required")) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    /** A new headless Chromium of the given window size, with generous timeouts for a loaded machine. */
    static ChromeDriver start(int width, int height) {
        System.setProperty("webdriver.chrome.driver", DRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // tests may run as root (CI containers)
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(DRIVER).toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(120))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** Saves what the browser shows as target/screenshots/NAME.png and returns the file. */
    static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** A full-page screenshot (Chromium's DevTools capture beyond the window). */
    static Path fullPage(ChromeDriver driver, String name) throws IOException {
        long height = ((Number) driver.executeScript(
                        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)"))
                .longValue();
        var size = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.width, (int)
                Math.min(height + 150, 4000)));
        try {
            return screenshot(driver, name);
        } finally {
            driver.manage().window().setSize(size);
        }
    }
}
