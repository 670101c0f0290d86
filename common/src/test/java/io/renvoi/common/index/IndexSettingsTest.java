package io.renvoi.common.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.json.JsonMapper;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** Shards and replicas from configuration, per index role, and how they land in a creation body. */
class IndexSettingsTest {
    @Test
    void anIndexsOwnKeysWinOverTheSharedOnesWhichWinOverTheDefaults() {
        Config config = config(Map.of(
                "renvoi.index.replicas", "1",
                "renvoi.index.chunks.shards", "3",
                "renvoi.index.jobs.replicas", "0-all"));
        assertThat(IndexSettings.configured(config, "chunks")).isEqualTo(new IndexSettings(3, "1"));
        assertThat(IndexSettings.configured(config, "jobs")).isEqualTo(new IndexSettings(1, "0-all"));
        assertThat(IndexSettings.configured(config(Map.of()), "links")).isEqualTo(IndexSettings.DEFAULTS);
        assertThat(IndexSettings.DEFAULTS).isEqualTo(new IndexSettings(1, "0-1"));
    }

    @Test
    void aRangeBecomesAutoExpandAndANumberFixesTheReplicas() throws Exception {
        String flat = "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},\"mappings\":{}}";
        JsonNode ranged = JsonMapper.shared().readTree(new IndexSettings(2, "0-1").applyTo(flat));
        assertThat(ranged.at("/settings/index/number_of_shards").asInt()).isEqualTo(2);
        assertThat(ranged.at("/settings/index/auto_expand_replicas").asText()).isEqualTo("0-1");
        assertThat(ranged.at("/settings/number_of_replicas").isMissingNode()).isTrue();
        assertThat(ranged.at("/settings/index/number_of_replicas").isMissingNode())
                .isTrue();
        assertThat(ranged.has("mappings")).isTrue();

        JsonNode fixed = JsonMapper.shared().readTree(new IndexSettings(1, "1").applyTo(ChunkIndex.mappingJson()));
        assertThat(fixed.at("/settings/index/number_of_replicas").asInt()).isEqualTo(1);
        assertThat(fixed.at("/settings/index/auto_expand_replicas").asText()).isEqualTo("false");
        assertThat(fixed.at("/settings/index/knn").asBoolean()).isTrue(); // the body's own settings stay
        assertThat(fixed.at("/settings/analysis").isObject()).isTrue();
    }

    @Test
    void aBodyWithoutSettingsGetsThem() throws Exception {
        JsonNode body = JsonMapper.shared().readTree(IndexSettings.DEFAULTS.applyTo("{\"mappings\":{}}"));
        assertThat(body.at("/settings/index/number_of_shards").asInt()).isEqualTo(1);
        assertThat(body.at("/settings/index/auto_expand_replicas").asText()).isEqualTo("0-1");
    }

    @Test
    void nonsenseIsRefusedWithTheNameOfTheSetting() {
        assertThatThrownBy(() -> IndexSettings.configured(config(Map.of("renvoi.index.links.shards", "many")), "links"))
                .hasMessageContaining("links")
                .hasMessageContaining("many");
        assertThatThrownBy(() -> new IndexSettings(0, "1")).hasMessageContaining("at least one shard");
        assertThatThrownBy(() -> new IndexSettings(1, "two")).hasMessageContaining("auto-expand range");
    }

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withDefaultValues(values).build();
    }
}
