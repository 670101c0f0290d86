package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the SciFact corpus (BEIR jsonl: _id, title, text). */
final class SciFactCorpus {
    /** One abstract; its page text is the title, a blank line, then the abstract. */
    record Doc(String id, String title, String text) {
        String pageText() {
            return title + "\n\n" + text;
        }
    }

    static List<Doc> read(Path corpus, int limit) throws IOException {
        List<Doc> docs = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(corpus)) {
            for (String line = in.readLine(); line != null && docs.size() < limit; line = in.readLine()) {
                if (line.isBlank()) continue;
                JsonNode n = JsonMapper.shared().readTree(line);
                docs.add(new Doc(
                        n.get("_id").asText(),
                        n.path("title").asText(""),
                        n.path("text").asText("")));
            }
        }
        return docs;
    }

    private SciFactCorpus() {}
}
