package io.renvoi.common.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlExtractorTest {
    private static final String PAGE = """
            <html><head><title> Tides explained </title><link rel="canonical" href="/tides">
            <style>p{color:red}</style><script>var x = "script text";</script></head>
            <body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
            <header>Site banner</header>
            <main><h1>Tides</h1><p>Tides are caused   by the Moon.</p><p>Spring tides happen at new moon.</p></main>
            <footer>Copyright footer</footer></body></html>
            """;

    @Test
    void keepsMainTextDropsBoilerplate() {
        ExtractedDocument doc = new HtmlExtractor().extract(PAGE, "http://127.0.0.1/tides.html");
        assertThat(doc.title()).isEqualTo("Tides explained");
        assertThat(doc.canonicalUrl()).isEqualTo("http://127.0.0.1/tides");
        assertThat(doc.text()).isEqualTo("Tides\n\nTides are caused by the Moon.\n\nSpring tides happen at new moon.");
        assertThat(doc.text()).doesNotContain("script text", "Home", "banner", "footer", "color");
        assertThat(doc.noindex()).isFalse();
        assertThat(doc.extractorVersion()).isEqualTo(HtmlExtractor.VERSION);
    }

    @Test
    void isDeterministic() {
        HtmlExtractor extractor = new HtmlExtractor();
        assertThat(extractor.extract(PAGE, null).text())
                .isEqualTo(extractor.extract(PAGE, null).text());
    }

    @Test
    void seesNoindex() {
        String html =
                "<html><head><meta name=\"robots\" content=\"NOINDEX, follow\"></head><body><p>x</p></body></html>";
        assertThat(new HtmlExtractor().extract(html, null).noindex()).isTrue();
    }
}
