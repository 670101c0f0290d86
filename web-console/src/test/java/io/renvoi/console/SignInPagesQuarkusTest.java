package io.renvoi.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's own gate, without the services behind it (they are not running here: whatever needs them is in
 * e2e-tests' ConsoleIT): pages send to sign-in, script calls answer 401, the sign-in form sets its CSRF cookie
 * HttpOnly and SameSite=Strict and refuses a post without it, a malformed key is refused without being sent
 * anywhere, a one-time link that was never issued signs nobody in, and every answer carries the security headers.
 */
@QuarkusTest
class SignInPagesQuarkusTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Test
    void pagesRedirectToSignInAndComeBackAfterIt() {
        Response r = given().redirects().follow(false).get("/sources?collection=demo");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Location")).endsWith("/sign-in?next=%2Fsources%3Fcollection%3Ddemo");
        given().contentType("application/json")
                .body(Map.of("question", "q", "collection", "demo"))
                .post("/ui/ask")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().get("/ui/jobs/abc").then().statusCode(401);
    }

    @Test
    void theSignInFormIsProtectedAndAMalformedKeyIsRefused() {
        Response form = given().get("/sign-in?next=/ingest");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.header("Set-Cookie"))
                .startsWith("rv_signin=")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        assertThat(form.asString()).contains("type=\"password\"").contains("value=\"/ingest\"");
        Matcher m = CSRF.matcher(form.asString());
        assertThat(m.find()).isTrue();
        String token = m.group(1);

        // no cookie: a cross-site post cannot sign a browser in
        given().formParams(Map.of("key", "rvk_x", "csrf", token))
                .post("/sign-in")
                .then()
                .statusCode(403);
        // malformed key: refused here, never sent to a service
        given().cookie("rv_signin", form.getCookie("rv_signin"))
                .formParams(Map.of("key", "not-a-key", "csrf", token, "next", "/"))
                .post("/sign-in")
                .then()
                .statusCode(401)
                .body(containsString("not valid"));
    }

    @Test
    void aOneTimeLinkThatWasNeverIssuedSignsNobodyIn() {
        Response r = given().redirects().follow(false).get("/sign-in/token?t=made-up&next=/");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.header("Set-Cookie")).doesNotContain("rv_session=");
        assertThat(r.asString()).contains("already used or has expired");
    }

    @Test
    void mintingATokenNeedsAValidKey() {
        given().post("/sign-in/tokens").then().statusCode(401);
        given().header("Authorization", "Bearer nonsense")
                .post("/sign-in/tokens")
                .then()
                .statusCode(401);
    }

    @Test
    void answersCarryTheSecurityHeadersAndScriptsAreServed() {
        given().get("/static/ask.js")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin");
        given().get("/static/fragment.js").then().statusCode(200).body(containsString("text="));
    }
}
