package io.renvoi.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * Sizes of an index's Lucene vector files on disk, by extension (.vec float vectors, .veq quantized vectors,
 * .vex HNSW graph, .vem* metadata): what the HNSW search keeps in memory versus what only sits on disk. Reads
 * the index's uuid from OpenSearch and its files from the node's data directory (a local single-node cluster).
 */
final class VectorFiles {
    static ObjectNode sizes(RestClient os, Path dataDir, String index) throws IOException {
        Request cat = new Request("GET", "/_cat/indices/" + index);
        cat.addParameter("format", "json");
        cat.addParameter("h", "uuid");
        String uuid =
                SciFactChunks.json(os.performRequest(cat)).get(0).path("uuid").asText();
        Path dir = dataDir.resolve("nodes/0/indices").resolve(uuid).resolve("0/index");
        TreeMap<String, Long> byExtension = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                int dot = name.lastIndexOf('.');
                String ext = dot < 0 ? name : name.substring(dot + 1);
                if (ext.startsWith("ve")) {
                    byExtension.merge(ext, Files.size(f), Long::sum);
                }
            }
        }
        ObjectNode out = JsonMapper.shared().createObjectNode();
        byExtension.forEach(out::put);
        return out;
    }

    private VectorFiles() {}
}
