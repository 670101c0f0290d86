package io.renvoi.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** After sign-in the console goes to one of its own paths only: never to another site (an open redirect). */
class SafeNextTest {
    @Test
    void keepsPathsOfThisConsole() {
        assertThat(SafeNext.of("/sources?collection=demo")).isEqualTo("/sources?collection=demo");
        assertThat(SafeNext.of("/?collection=demo&q=Who%3F")).isEqualTo("/?collection=demo&q=Who%3F");
    }

    @Test
    void refusesEverythingElse() {
        assertThat(SafeNext.of(null)).isEqualTo("/");
        assertThat(SafeNext.of("https://evil.example/")).isEqualTo("/");
        assertThat(SafeNext.of("//evil.example/")).isEqualTo("/");
        assertThat(SafeNext.of("/\\evil.example")).isEqualTo("/");
        assertThat(SafeNext.of("/ok\r\nSet-Cookie: x=y")).isEqualTo("/");
        assertThat(SafeNext.of("javascript:alert(1)")).isEqualTo("/");
    }
}
