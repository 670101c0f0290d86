package io.renvoi.common.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UrlNormalizerTest {
    @Test
    void oneLocationOneUrl() {
        assertThat(UrlNormalizer.normalize("HTTP://Example.COM:80/a/../b/%7eX?q=%2f#frag"))
                .isEqualTo("http://example.com/b/%7EX?q=%2F");
        assertThat(UrlNormalizer.normalize("https://example.com:443")).isEqualTo("https://example.com/");
        assertThat(UrlNormalizer.normalize("https://example.com:8443/x")).isEqualTo("https://example.com:8443/x");
    }

    @Test
    void refusesWhatCannotBeFetched() {
        assertThatThrownBy(() -> UrlNormalizer.normalize("ftp://example.com/"))
                .hasMessageContaining("only http and https");
        assertThatThrownBy(() -> UrlNormalizer.normalize("file:///etc/passwd")).isInstanceOf(InvalidUrlException.class);
        assertThatThrownBy(() -> UrlNormalizer.normalize("/relative")).isInstanceOf(InvalidUrlException.class);
        assertThatThrownBy(() -> UrlNormalizer.normalize("http://user:pw@example.com/"))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> UrlNormalizer.normalize(" ")).hasMessageContaining("required");
        assertThatThrownBy(() -> UrlNormalizer.normalize("http://exa mple.com/"))
                .isInstanceOf(InvalidUrlException.class);
    }
}
