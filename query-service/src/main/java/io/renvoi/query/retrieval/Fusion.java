package io.renvoi.query.retrieval;

import java.util.Locale;

/**
 * How the vector and BM25 lists are fused.
 *
 * @param method {@link Method#RRF}: Σ weight / (rankConstant + rank); {@link Method#LINEAR}: Σ weight × the
 *     score min-max normalised within its list (0 when a list did not find the chunk)
 * @param rankConstant RRF's rank constant (unused by LINEAR)
 */
public record Fusion(Method method, int rankConstant, double vectorWeight, double bm25Weight) {
    public Fusion(int rankConstant, double vectorWeight, double bm25Weight) {
        this(Method.RRF, rankConstant, vectorWeight, bm25Weight);
    }

    public enum Method {
        RRF,
        LINEAR;

        public static Method parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }
}
