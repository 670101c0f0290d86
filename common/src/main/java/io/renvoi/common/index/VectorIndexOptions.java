package io.renvoi.common.index;

/**
 * How a newly created {@code rag-chunks} index builds its vector field: the encoding of the vectors and the
 * lucene HNSW graph's {@code m} (links per node) and {@code ef_construction} (candidates considered per insert).
 * Read by embed-service from {@code renvoi.index.*}; an existing index keeps what it was created with.
 */
public record VectorIndexOptions(ChunkIndex.VectorEncoding encoding, int m, int efConstruction) {
    /** The mapping resource's own values: 32-bit floats, m 16, ef_construction 128. */
    public static final VectorIndexOptions DEFAULTS = new VectorIndexOptions(ChunkIndex.VectorEncoding.FP32, 16, 128);

    public VectorIndexOptions {
        if (encoding == null) {
            throw new IllegalArgumentException("vector encoding is required");
        }
        // The k-NN plugin's bounds for the lucene engine.
        if (m < 2 || m > 100) {
            throw new IllegalArgumentException("HNSW m must be within 2..100: " + m);
        }
        if (efConstruction < 2) {
            throw new IllegalArgumentException("HNSW ef_construction must be at least 2: " + efConstruction);
        }
    }

    public VectorIndexOptions withEncoding(ChunkIndex.VectorEncoding other) {
        return new VectorIndexOptions(other, m, efConstruction);
    }

    public VectorIndexOptions withEfConstruction(int other) {
        return new VectorIndexOptions(encoding, m, other);
    }
}
