package io.renvoi.query.retrieval;

/**
 * A retrieved chunk reference.
 *
 * @param similarity cosine similarity of the chunk to the question, when the vector search found it, else NaN
 */
public record Hit(
        String docId,
        String url,
        String title,
        int ord,
        int start,
        int end,
        double score,
        double similarity,
        String chunkSha256,
        String extractorVersion) {

    public String chunkId() {
        return docId + ":" + ord;
    }

    Hit withScore(double fused, double sim) {
        return new Hit(docId, url, title, ord, start, end, fused, sim, chunkSha256, extractorVersion);
    }
}
