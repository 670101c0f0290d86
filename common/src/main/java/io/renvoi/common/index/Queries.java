package io.renvoi.common.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/**
 * The OpenSearch filters the services build the same way: a term, terms, all of several filters, any of several
 * prefixes, and the collections an API key may read ({@link #collectionsIn}). Builds queries; reads and writes
 * nothing.
 */
public final class Queries {
    private Queries() {}

    /** {@code field} equals {@code value} exactly. */
    public static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    /** {@code field} equals one of {@code values}. */
    public static Query terms(String field, Collection<String> values) {
        List<FieldValue> all = values.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(all))));
    }

    /** Every one of {@code filters} matches (filter context: no scoring). */
    public static Query allOf(Query... filters) {
        return allOf(List.of(filters));
    }

    /** Every one of {@code filters} matches (filter context: no scoring). */
    public static Query allOf(List<Query> filters) {
        return Query.of(q -> q.bool(b -> b.filter(filters)));
    }

    /** At least one of {@code alternatives} matches; none given matches nothing. */
    public static Query anyOf(List<Query> alternatives) {
        if (alternatives.isEmpty()) {
            return Query.of(q -> q.matchNone(m -> m));
        }
        return Query.of(q -> q.bool(b -> b.should(alternatives).minimumShouldMatch("1")));
    }

    /** {@code field} starts with {@code prefix}. */
    public static Query prefix(String field, String prefix) {
        return Query.of(q -> q.prefix(x -> x.field(field).value(prefix)));
    }

    /**
     * Documents of the given collections, by their {@code collection} field: exact names, or prefixes written
     * {@code name-*} (an API key's collections); no pattern matches nothing.
     */
    public static Query collectionsIn(List<String> patterns) {
        List<Query> any = new ArrayList<>();
        for (String p : patterns) {
            any.add(p.endsWith("*") ? prefix("collection", p.substring(0, p.length() - 1)) : term("collection", p));
        }
        return anyOf(any);
    }
}
