package io.renvoi.common.embed;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * An embedding model Renvoi can run ({@code renvoi.embed.model}), read offline from a langchain4j embeddings jar on
 * the classpath (its {@code .onnx} and {@code tokenizer.json} resources). The three offered are the constants
 * below ({@link #all()}); changing the model re-embeds pages through the existing {@link #version()} check.
 *
 * @param configName the name {@code renvoi.embed.model} gives it ({@code bge-small-q}, {@code minilm}, ...)
 * @param resource the base name of its ONNX graph and tokenizer in the model's jar
 * @param maxTokens word pieces the model reads per text, special tokens included
 * @param pooling how token states become one vector
 * @param queryPrefix put before a question (a search query)
 * @param passagePrefix put before a passage (a chunk)
 * @param version stored with every chunk; a different value makes ingest-service and the link-checker re-embed
 *     the page
 * @param byteScale the byte-vector scale of this model's unit vectors (127 / the 0.9999 quantile of |component|
 *     over the first 2,000 SciFact chunk vectors, {@code calibratedByteScale} of {@code bench/retrieval-variants};
 *     over the first 467 for bge-small and e5-small-q): the default {@code renvoi.index.byte-scale} of an index
 *     created for this model. bge's [CLS] vectors have larger components (up to 0.52) than MiniLM's (0.27), hence
 *     the smaller scale.
 * @param relevanceThreshold the question-to-passage cosine below which a passage is relevant to a question only
 *     when it holds the question's words, down to {@code relevanceFloor} (else query-service answers "I don't know"
 *     without the LLM; {@code renvoi.query.relevance-threshold} overrides it). Cosines are not comparable across models: bge's unrelated pairs score about as high as MiniLM's related
 *     ones. Chosen per model by one measurement (bench/README.md "Relevance threshold per model"): the top-1 chunk
 *     cosine of 300 SciFact training claims against 1,295 SciFact chunks holding their evidence and of seven
 *     questions the demo site answers (answerable), and of 36 questions on other subjects against the same chunks
 *     and the demo site (off-topic); the threshold is the highest multiple of 0.05 at least 0.04 below the lowest
 *     answerable cosine. bge-small-q: lowest answerable 0.632, off-topic up to 0.619 (median 0.51 on SciFact, 0.45
 *     on the demo site): 0.55 keeps every answerable question and rejects 81 % and 92 % of the off-topic ones.
 *     MiniLM: lowest answerable 0.288, hence its 0.2 (unchanged; rejects 56 % and 86 %). e5-small-q: lowest
 *     answerable 0.810 but off-topic up to 0.867, so its 0.75 rejects little (0 % and 31 %). {@code
 *     bench/relevance-threshold} measures it again.
 * @param relevanceFloor when no passage reaches the threshold, the cosine at which one is relevant after all if
 *     it holds the question's words (query-service's {@code WordEvidence}; {@code renvoi.query.relevance-floor}
 *     overrides it). Measured by the same benchmark with 18 more questions a visitor of the demo site would ask
 *     (2026-12-08): bge-small-q's cosine alone left 4 of them below 0.55 (ticket prices, parking: a short question
 *     about one fact of a long passage), each with a passage holding its words at 0.409 or more; the floor is the
 *     highest multiple of 0.05 at least 0.04 below that: 0.35 (MiniLM: 0.099, hence 0.05). With it every answerable
 *     question is kept and no off-topic one more is let through (the rejections above are unchanged at any floor
 *     tried). e5-small-q had no answerable question below its threshold: 0.65, where nothing changes either.
 */
public record EmbeddingModel(
        String configName,
        String resource,
        int maxTokens,
        Pooling pooling,
        String queryPrefix,
        String passagePrefix,
        String version,
        float byteScale,
        double relevanceThreshold,
        double relevanceFloor) {
    /** all-MiniLM-L6-v2 (6 layers): mean pooling, no instructions. */
    public static final EmbeddingModel MINILM = new EmbeddingModel(
            "minilm", "all-minilm-l6-v2", 256, Pooling.MEAN, "", "", "all-minilm-l6-v2/256", 639f, 0.2, 0.05);
    /**
     * bge-small-en-v1.5 (12 layers) with int8 weights (langchain4j's {@code -q} jar): CLS pooling, an instruction
     * before questions only. The float model is not offered: 2.5 times slower to embed with and 78 MB more in every
     * service, for no measured gain (bench/README.md "Model choice").
     */
    public static final EmbeddingModel BGE_SMALL_Q = new EmbeddingModel(
            "bge-small-q",
            "bge-small-en-v1.5-q",
            512,
            Pooling.CLS,
            "Represent this sentence for searching relevant passages: ",
            "",
            "bge-small-en-v1.5-q/512",
            292f,
            0.55,
            0.35);
    /** e5-small-v2 with int8 weights (12 layers): mean pooling, "query: " and "passage: " prefixes. */
    public static final EmbeddingModel E5_SMALL_Q = new EmbeddingModel(
            "e5-small-q",
            "e5-small-v2-q",
            512,
            Pooling.MEAN,
            "query: ",
            "passage: ",
            "e5-small-v2-q/512",
            637f,
            0.75,
            0.65);

    /** How token states become one vector (before L2 normalisation). */
    public enum Pooling {
        /** Attention-masked mean of the token states. */
        MEAN,
        /** The first ([CLS]) token's state. */
        CLS
    }

    /**
     * The model when none is configured: bge-small-q, measured better than MiniLM on SciFact (held-out hybrid
     * nDCG@10 0.748 against 0.709-0.712, vector-only 0.746 against 0.678; byte index as small; bench/README.md
     * "Model choice"). {@code renvoi.embed.model=minilm} selects MiniLM (on an index made for it).
     */
    public static final EmbeddingModel DEFAULT = BGE_SMALL_Q;

    /** The configuration key naming the model. */
    public static final String CONFIG_KEY = "renvoi.embed.model";

    /** Every model here outputs 384 components. */
    public static final int DIMENSIONS = 384;

    /** The models offered, MiniLM first. */
    public static List<EmbeddingModel> all() {
        return List.of(MINILM, BGE_SMALL_Q, E5_SMALL_Q);
    }

    /** The model named {@code name} ({@code bge-small-q}, {@code minilm}, ...). */
    public static EmbeddingModel named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return all().stream()
                .filter(m -> m.configName.equals(n))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown embedding model " + name + "; one of "
                        + all().stream().map(EmbeddingModel::configName).toList()));
    }

    /**
     * The model this process is configured with ({@value #CONFIG_KEY} from MicroProfile Config in a service, else
     * the system property or the {@code RENVOI_EMBED_MODEL} environment variable in plain Java such as bench and
     * triton-local; else {@link #DEFAULT}): what services that do not embed (ingest-service, the link-checker)
     * compare stored versions with.
     */
    public static EmbeddingModel configured() {
        return configuredName().map(EmbeddingModel::named).orElse(DEFAULT);
    }

    private static Optional<String> configuredName() {
        try {
            return ConfigProvider.getConfig().getOptionalValue(CONFIG_KEY, String.class);
        } catch (NoClassDefFoundError | IllegalStateException e) { // no MicroProfile Config in this process
            String name = System.getProperty(CONFIG_KEY, System.getenv("RENVOI_EMBED_MODEL"));
            return Optional.ofNullable(name).filter(n -> !n.isBlank());
        }
    }

    /** The ONNX graph's resource in the model's jar. */
    String onnxResource() {
        return "/" + resource + ".onnx";
    }

    /** The tokenizer's resource in the model's jar. */
    String tokenizerResource() {
        return "/" + resource + "-tokenizer.json";
    }

    public int dimensions() {
        return DIMENSIONS;
    }

    /** The configuration name, as in {@code renvoi.embed.model}. */
    @Override
    public String toString() {
        return configName;
    }
}
