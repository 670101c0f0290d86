package io.renvoi.common.index;

/**
 * One OpenSearch index of the platform: the alias every reader and writer uses, the versioned physical index
 * behind it (rebuilt and swapped through the alias when its mapping changes), the mapping it is created with,
 * and the role that names its shard and replica settings in configuration ({@link IndexSettings}).
 *
 * @param role the configuration name, e.g. {@code jobs} for {@code renvoi.index.jobs.replicas}
 * @param alias the name readers and writers use, e.g. {@code rag-jobs}
 * @param physical the index the alias points at when this release creates it, e.g. {@code rag-jobs-v1}
 * @param mappingJson the settings and mappings body of the creation request (shards and replicas are set by
 *     {@link IndexSettings}, whatever the body says)
 */
public record IndexDefinition(String role, String alias, String physical, String mappingJson) {
    /** A definition whose physical index is {@code alias-v<version>} and whose mapping is a resource of {@code owner}. */
    public static IndexDefinition of(String role, String alias, int version, Class<?> owner, String mappingResource) {
        return new IndexDefinition(
                role, alias, alias + "-v" + version, IndexCreation.mappingResource(owner, mappingResource));
    }

    /** The same index created with another body (e.g. the chunk index's vector options). */
    public IndexDefinition withMapping(String json) {
        return new IndexDefinition(role, alias, physical, json);
    }
}
