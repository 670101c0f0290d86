package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.json.JsonMapper;
import io.renvoi.common.testing.ScratchIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;

/** Index creation behind an alias with configured settings, on the suites' real OpenSearch. */
class EnsuredIndexTest {
    @RegisterExtension
    final ScratchIndex scratch = new ScratchIndex("test-ensured");

    private final String alias = scratch.name();

    private static final String MAPPING =
            "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"a\":{\"type\":\"keyword\"},\"b\":{\"type\":\"long\"}}}}";

    private final IndexDefinition definition = new IndexDefinition("test", alias, alias + "-v1", MAPPING);

    @Test
    void createsTheVersionedIndexWithItsSettingsBehindTheAlias() throws Exception {
        new EnsuredIndex(scratch.client(), definition, new IndexSettings(2, "0-1")).ensure();

        JsonNode aliases = get("/_alias/" + alias);
        assertThat(aliases.has(alias + "-v1")).as(aliases.toString()).isTrue();
        JsonNode settings = get("/" + alias + "-v1/_settings")
                .path(alias + "-v1")
                .path("settings")
                .path("index");
        assertThat(settings.path("number_of_shards").asText()).isEqualTo("2");
        assertThat(settings.path("auto_expand_replicas").asText()).isEqualTo("0-1");
        put("/" + alias + "/_doc/1?refresh=true", "{\"a\":\"x\",\"b\":1}"); // writes go through the alias
        assertThat(get("/" + alias + "-v1/_count").path("count").asInt()).isEqualTo(1);
    }

    @Test
    void aConcreteIndexOfTheAliasNameFromAnOlderReleaseIsKeptAndGetsTheNewFields() throws Exception {
        put("/" + alias, "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"a\":{\"type\":\"keyword\"}}}}");

        new EnsuredIndex(scratch.client(), definition, IndexSettings.DEFAULTS).ensure();

        assertThat(get("/" + alias + "/_mapping")
                        .path(alias)
                        .at("/mappings/properties/b/type")
                        .asText())
                .isEqualTo("long");
        assertThat(status("/" + alias + "-v1")).isEqualTo(404); // no second index beside it
    }

    @Test
    void replicasStartingTogetherAllSucceedAndOneCreates() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Void>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Void> replica = () -> {
                    new EnsuredIndex(scratch.client(), definition, IndexSettings.DEFAULTS).ensure();
                    return null;
                };
                all.add(pool.submit(replica));
            }
            for (Future<Void> f : all) {
                f.get(); // none throws
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(get("/_alias/" + alias).size()).isEqualTo(1);
    }

    private JsonNode get(String path) throws IOException {
        return JsonMapper.shared()
                .readTree(EntityUtils.toString(scratch.client()
                        .performRequest(new Request("GET", path))
                        .getEntity()));
    }

    private void put(String path, String body) throws IOException {
        Request r = new Request("PUT", path);
        r.setEntity(new NStringEntity(body, ContentType.APPLICATION_JSON));
        scratch.client().performRequest(r);
    }

    private int status(String path) throws IOException {
        try {
            return scratch.client()
                    .performRequest(new Request("HEAD", path))
                    .getStatusLine()
                    .getStatusCode();
        } catch (ResponseException e) {
            return e.getResponse().getStatusLine().getStatusCode();
        }
    }
}
