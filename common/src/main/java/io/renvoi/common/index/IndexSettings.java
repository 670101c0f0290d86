package io.renvoi.common.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.json.JsonMapper;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How many shards and replicas an index is created with, from configuration: {@code renvoi.index.<role>.shards}
 * and {@code .replicas} for one index (roles: chunks, jobs, links, link-hosts, tombstones), else
 * {@code renvoi.index.shards} (default 1) and {@code renvoi.index.replicas} (default {@code 0-1}). A replica
 * setting that is a range ({@code 0-1}, {@code 1-all}) becomes {@code auto_expand_replicas}, so one node keeps a
 * green single copy and a cluster keeps a second; a number becomes {@code number_of_replicas}. Applied when an
 * index is created; an existing index keeps its shards, and its replicas can be changed in place with the
 * settings API.
 *
 * @param shards number of primary shards, at least 1
 * @param replicas a number of replicas or an auto-expand range
 */
public record IndexSettings(int shards, String replicas) {
    private static final Pattern COUNT = Pattern.compile("\\d+");
    private static final Pattern RANGE = Pattern.compile("\\d+-(\\d+|all)");

    /** The defaults: one shard, a replica on a second node when there is one. */
    public static final IndexSettings DEFAULTS = new IndexSettings(1, "0-1");

    public IndexSettings {
        if (shards < 1) {
            throw new IllegalArgumentException("an index needs at least one shard, not " + shards);
        }
        if (!COUNT.matcher(replicas).matches() && !RANGE.matcher(replicas).matches()) {
            throw new IllegalArgumentException(
                    "replicas must be a number (1) or an auto-expand range (0-1, 1-all), not '" + replicas + "'");
        }
    }

    /** The settings configured for {@code role} in this process's configuration. */
    public static IndexSettings configured(String role) {
        return configured(ConfigProvider.getConfig(), role);
    }

    /** The settings configured for {@code role}: its own keys first, then the shared ones, then the defaults. */
    public static IndexSettings configured(Config config, String role) {
        int shards = first(config, "renvoi.index." + role + ".shards", "renvoi.index.shards")
                .map(s -> parseShards(role, s))
                .orElse(DEFAULTS.shards());
        String replicas = first(config, "renvoi.index." + role + ".replicas", "renvoi.index.replicas")
                .map(String::strip)
                .orElse(DEFAULTS.replicas());
        return new IndexSettings(shards, replicas);
    }

    /**
     * {@code body} (an index creation body) with these shards and replicas in {@code settings.index}, replacing
     * any the body sets itself.
     */
    public String applyTo(String body) {
        try {
            ObjectNode root = (ObjectNode) JsonMapper.shared().readTree(body);
            ObjectNode settings = object(root, "settings");
            ObjectNode index = object(settings, "index");
            for (ObjectNode level : new ObjectNode[] {settings, index}) {
                level.remove("number_of_shards");
                level.remove("number_of_replicas");
                level.remove("auto_expand_replicas");
            }
            index.put("number_of_shards", shards);
            if (COUNT.matcher(replicas).matches()) {
                index.put("number_of_replicas", Integer.parseInt(replicas));
                index.put("auto_expand_replicas", "false");
            } else {
                index.put("auto_expand_replicas", replicas);
            }
            return root.toString();
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("not an index creation body: " + body, e);
        }
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        return node instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static Optional<String> first(Config config, String specific, String shared) {
        Optional<String> own = config.getOptionalValue(specific, String.class);
        return own.isPresent() ? own : config.getOptionalValue(shared, String.class);
    }

    private static int parseShards(String role, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "shards of index role " + role + " must be a number, not '" + value + "'");
        }
    }
}
