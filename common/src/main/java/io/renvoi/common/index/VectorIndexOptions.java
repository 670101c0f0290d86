package io.renvoi.common.index;

import io.renvoi.common.embed.EmbeddingModel;

/**
 * How a newly created {@code rag-chunks} index builds its vector field: the encoding of the vectors, the
 * lucene HNSW graph's {@code m} (links per node) and {@code ef_construction} (candidates considered per insert),
 * and, for {@link ChunkIndex.VectorEncoding#BYTE}, the quantization scale recorded in the index's {@code _meta}.
 * Read by embed-service from {@code renvoi.index.*}; an existing index keeps what it was created with.
 */
public record VectorIndexOptions(ChunkIndex.VectorEncoding encoding, int m, int efConstruction, float byteScale) {
    /**
     * The byte scale of all-MiniLM-L6-v2's unit vectors: 127 / the 0.9999 quantile of |component| over the first
     * 2,000 chunk vectors of SciFact (638.98; 0.0096 % of all 12,316 × 384 components clip), as
     * {@code bench/retrieval-variants} and {@code bench/embed-index} report it ({@code calibratedByteScale}).
     */
    public static final float MINILM_BYTE_SCALE = 639f;

    /**
     * The mapping resource's own values: byte vectors with the default embedding model's scale
     * ({@link EmbeddingModel#DEFAULT}, bge-small-q: 292), m 16, ef_construction 128.
     */
    public static final VectorIndexOptions DEFAULTS =
            new VectorIndexOptions(ChunkIndex.VectorEncoding.BYTE, 16, 128, EmbeddingModel.DEFAULT.byteScale());

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
        new ByteQuantizer(byteScale); // validates it
    }

    public VectorIndexOptions(ChunkIndex.VectorEncoding encoding, int m, int efConstruction) {
        this(encoding, m, efConstruction, DEFAULTS.byteScale());
    }

    public VectorIndexOptions withEncoding(ChunkIndex.VectorEncoding other) {
        return new VectorIndexOptions(other, m, efConstruction, byteScale);
    }

    public VectorIndexOptions withEfConstruction(int other) {
        return new VectorIndexOptions(encoding, m, other, byteScale);
    }

    public VectorIndexOptions withM(int other) {
        return new VectorIndexOptions(encoding, other, efConstruction, byteScale);
    }

    public VectorIndexOptions withByteScale(float other) {
        return new VectorIndexOptions(encoding, m, efConstruction, other);
    }

    /** How chunk vectors and questions are encoded for an index created with these options. */
    public VectorFormat format() {
        return encoding == ChunkIndex.VectorEncoding.BYTE
                ? VectorFormat.bytes(new ByteQuantizer(byteScale))
                : VectorFormat.FLOAT;
    }
}
