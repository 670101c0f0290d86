package io.renvoi.common.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An {@link EmbeddingModel} run in process with ONNX Runtime on padded batches. Reads the model and its WordPiece
 * tokenizer from langchain4j's embeddings jar (resources {@code <model>.onnx} and {@code <model>-tokenizer.json}),
 * so nothing is downloaded at run time. A text is cut at the model's window (with [CLS] and [SEP]); texts are
 * sorted by length and run {@code batchSize} at a time so padding stays small; vectors are the model's pooling
 * of the last hidden state (attention-masked mean, or the [CLS] state), L2-normalised (what sentence-transformers
 * and langchain4j compute). {@link #embed} embeds texts as given: the model's instructions are added by
 * {@link Embedder#embedPassages} and {@link Embedder#embedQuery}. Thread-safe. The batches and the model calls
 * they share out are {@link LengthSortedBatches}'.
 *
 * <p>Two ways to use the cores: one model call at a time with several ONNX intra-op threads (lowest latency for
 * one text, what a question needs), or several single-threaded model calls at once on the same session, each
 * taking the next length-sorted batch (highest throughput for many texts, what a consumer poll needs: no
 * thread waits for another inside an operator, and a core taken by another process slows one call, not all).
 * The intra-op threads busy-wait for work only while a call runs and sleep as soon as it ends (ONNX Runtime's
 * default keeps them spinning after it): a question's embedding is followed by a search that needs those cores
 * (OpenSearch on the same machine, or the pod's CPU quota in Kubernetes).
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {
    /** all-MiniLM-L6-v2's max_seq_length, special tokens included. */
    public static final int MAX_TOKENS = EmbeddingModel.MINILM.maxTokens();
    /** Chunks per model call when none is configured (measured best on 2 cores, see bench/README.md). */
    public static final int DEFAULT_BATCH_SIZE = 4;

    private final EmbeddingModel model;
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean takesTokenTypes;
    private final LengthSortedBatches batches;

    /**
     * The default model, batches of {@link #DEFAULT_BATCH_SIZE}, one model call at a time with as many ONNX
     * threads as cores.
     */
    public OnnxEmbedder() {
        this(EmbeddingModel.DEFAULT);
    }

    /** {@code model}, batches of {@link #DEFAULT_BATCH_SIZE}, one call at a time with a thread per core. */
    public OnnxEmbedder(EmbeddingModel model) {
        this(model, DEFAULT_BATCH_SIZE, 0, 1);
    }

    /**
     * One model call at a time.
     *
     * @param batchSize texts per model call
     * @param threads ONNX intra-op threads; 0 for one per core
     */
    public OnnxEmbedder(int batchSize, int threads) {
        this(batchSize, threads, 1);
    }

    /**
     * @param batchSize texts per model call
     * @param threads ONNX intra-op threads of each call; 0 for one per core
     * @param parallelCalls model calls one {@link #embed} runs at once; 0 for one per core
     */
    public OnnxEmbedder(int batchSize, int threads, int parallelCalls) {
        this(EmbeddingModel.DEFAULT, batchSize, threads, parallelCalls);
    }

    /**
     * @param model the model to run
     * @param batchSize texts per model call
     * @param threads ONNX intra-op threads of each call; 0 for one per core
     * @param parallelCalls model calls one {@link #embed} runs at once; 0 for one per core
     */
    public OnnxEmbedder(EmbeddingModel model, int batchSize, int threads, int parallelCalls) {
        this.model = java.util.Objects.requireNonNull(model, "model");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        if (threads < 0 || parallelCalls < 0) {
            throw new IllegalArgumentException("threads and parallel calls must not be negative");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        this.batches = new LengthSortedBatches(batchSize, parallelCalls > 0 ? parallelCalls : cores);
        try (InputStream tok = resource(model.tokenizerResource());
                InputStream onnx = resource(model.onnxResource());
                OrtSession.SessionOptions options = sessionOptions(threads > 0 ? threads : cores)) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of("padding", "false", "truncation", "false"));
            this.session = environment.createSession(onnx.readAllBytes(), options);
            this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load " + model.configName(), e);
        }
    }

    /**
     * The session's options: {@code threads} intra-op threads, one inter-op thread, every graph optimisation. The
     * intra-op threads spin while a call runs (the call is faster than with threads that sleep between operators)
     * and stop when the last running call returns ({@code session.force_spinning_stop}, which acts on the session's
     * own thread pool: no global pools are used), so the cores are free for what follows. Measured on
     * query-service's hybrid {@code /search} (2 cores, OpenSearch on the same machine, bench/README.md): p50
     * 9.5-12.4 ms against 15.4-17.7 with ONNX Runtime's default (spinning after the call too) and 18.6 with no
     * spinning.
     */
    static OrtSession.SessionOptions sessionOptions(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.addConfigEntry("session.intra_op.allow_spinning", "1");
        options.addConfigEntry("session.force_spinning_stop", "1");
        return options;
    }

    @Override
    public EmbeddingModel model() {
        return model;
    }

    public int batchSize() {
        return batches.batchSize();
    }

    /** Model calls one {@link #embed} runs at once. */
    public int parallelCalls() {
        return batches.parallelCalls();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        long[][] ids = new long[texts.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenIds(texts.get(i));
        }
        return Arrays.asList(batches.run(ids, this::run));
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    /** Releases the ONNX session, the tokenizer (native memory) and the helper threads. */
    @Override
    public void close() {
        batches.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            tokenizer.close();
        }
    }

    /** Word-piece ids with [CLS] and [SEP], cut to the model's window (keeping [SEP] last). */
    long[] tokenIds(String text) {
        Encoding encoding = tokenizer.encode(text.isEmpty() ? " " : text, true, false);
        long[] ids = encoding.getIds();
        int max = model.maxTokens();
        if (ids.length <= max) {
            return ids;
        }
        long[] cut = Arrays.copyOf(ids, max);
        cut[max - 1] = ids[ids.length - 1];
        return cut;
    }

    /** One model call on texts padded to the longest; returns one normalised vector per text. */
    private float[][] run(long[][] ids) {
        int rows = ids.length;
        int len = 0;
        for (long[] row : ids) {
            len = Math.max(len, row.length);
        }
        long[] inputIds = new long[rows * len];
        long[] mask = new long[rows * len];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(ids[r], 0, inputIds, r * len, ids[r].length);
            Arrays.fill(mask, r * len, r * len + ids[r].length, 1L);
        }
        long[] shape = {rows, len};
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(inputIds), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
                OnnxTensor typesTensor =
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[rows * len]), shape)) {
            Map<String, OnnxTensor> inputs = takesTokenTypes
                    ? Map.of("input_ids", idsTensor, "attention_mask", maskTensor, "token_type_ids", typesTensor)
                    : Map.of("input_ids", idsTensor, "attention_mask", maskTensor);
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                return pool(hidden, ids, len, model.dimensions(), model.pooling());
            }
        } catch (OrtException e) {
            throw new IllegalStateException(model.configName() + " inference failed", e);
        }
    }

    /** Each text's pooled token states [rows, len, dims] (mean of the unpadded ones, or the first), L2-normalised. */
    private static float[][] pool(FloatBuffer hidden, long[][] ids, int len, int dims, EmbeddingModel.Pooling pooling) {
        float[][] vectors = new float[ids.length][];
        float[] token = new float[dims];
        for (int r = 0; r < ids.length; r++) {
            float[] sum = new float[dims];
            int tokens = pooling == EmbeddingModel.Pooling.CLS ? 1 : ids[r].length;
            for (int t = 0; t < tokens; t++) {
                hidden.get((r * len + t) * dims, token);
                for (int d = 0; d < dims; d++) {
                    sum[d] += token[d];
                }
            }
            double norm = 0;
            for (int d = 0; d < dims; d++) {
                sum[d] /= tokens;
                norm += sum[d] * sum[d];
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < dims; d++) {
                sum[d] *= inv;
            }
            vectors[r] = sum;
        }
        return vectors;
    }

    private static InputStream resource(String name) {
        InputStream in = OnnxEmbedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + name + " (its langchain4j-embeddings jar)");
        }
        return in;
    }
}
