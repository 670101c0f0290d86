package io.renvoi.links.registry;

import static io.renvoi.common.index.Queries.allOf;
import static io.renvoi.common.index.Queries.collectionsIn;
import static io.renvoi.common.index.Queries.term;
import static io.renvoi.common.index.Queries.terms;

import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.aggregations.Aggregation;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch._types.query_dsl.RangeQuery;
import org.opensearch.client.opensearch.core.SearchRequest;

/**
 * The searches {@link LinkRegistry} sends to {@code rag-links}, as typed requests: due entries, pages of entries,
 * statistics for the API and for the mass-eviction guard, ids by host or move target. Pure: builds requests, reads
 * nothing.
 */
final class LinkQueries {
    private LinkQueries() {}

    /** Due at {@code now} and not leased (active, suspect, held, and watched evicted entries), observed first. */
    static SearchRequest due(long now, int size) {
        Query evictedWatched = Query.of(q -> q.bool(b -> b.filter(term("status", LinkStatus.EVICTED.value()))
                .mustNot(terms("reason", EntryLifecycle.NOT_WATCHED))));
        Query checkable = Query.of(q -> q.bool(b -> b.should(
                        terms(
                                "status",
                                List.of(
                                        LinkStatus.ACTIVE.value(),
                                        LinkStatus.SUSPECT.value(),
                                        LinkStatus.HELD.value())),
                        evictedWatched)
                .minimumShouldMatch("1")));
        return SearchRequest.of(s -> s.index(LinkRegistry.INDEX)
                .size(size)
                .source(src -> src.filter(f -> f.includes("docId", "url")))
                .query(allOf(
                        checkable,
                        range("nextCheckAt", r -> r.lte(JsonData.of(now))),
                        range("leaseUntil", r -> r.lte(JsonData.of(now)))))
                .sort(o -> o.field(f -> f.field("priority").order(SortOrder.Desc)))
                .sort(o -> o.field(f -> f.field("nextCheckAt").order(SortOrder.Asc))));
    }

    /** A page of entries, newest registered first; null filters match everything. */
    static SearchRequest page(String status, String collection, List<String> visible, int page, int size) {
        List<Query> filter = new ArrayList<>();
        if (status != null) filter.add(term("status", status));
        if (collection != null) filter.add(term("collection", collection));
        if (visible != null) filter.add(collectionsIn(visible));
        return SearchRequest.of(s -> s.index(LinkRegistry.INDEX)
                .from(page * size)
                .size(size)
                .query(allOf(filter.toArray(Query[]::new)))
                .sort(o -> o.field(f -> f.field("registeredAt").order(SortOrder.Desc)))
                .sort(o -> o.field(f -> f.field("docId").order(SortOrder.Asc))));
    }

    /** Counts per status and reason, checks since {@code since}, bytes and checks in all, over the visible ones (of one collection when not null). */
    static SearchRequest statistics(long since, String collection, List<String> visible) {
        List<Query> filter = new ArrayList<>();
        if (collection != null) filter.add(term("collection", collection));
        if (visible != null) filter.add(collectionsIn(visible));
        return SearchRequest.of(s -> s.index(LinkRegistry.INDEX)
                .size(0)
                .query(allOf(filter.toArray(Query[]::new)))
                .aggregations("status", a -> a.terms(t -> t.field("status").size(10)))
                .aggregations("reason", a -> a.terms(t -> t.field("reason").size(100)))
                .aggregations("recent", a -> a.filter(range("lastCheckAt", r -> r.gte(JsonData.of(since)))))
                .aggregations("bytes", a -> a.sum(m -> m.field("bytesDownloaded")))
                .aggregations("checks", a -> a.sum(m -> m.field("checks"))));
    }

    /** The guard's counts for {@code host} (see {@link LinkRegistry.HostCounts}), {@code except} not a suspect. */
    static SearchRequest hostCounts(String host, long since, String except) {
        String evicted = LinkStatus.EVICTED.value();
        Query old = allOf(term("status", evicted), range("evictedAt", r -> r.lt(JsonData.of(since))));
        Query recent = Query.of(q ->
                q.bool(b -> b.filter(term("status", evicted), range("evictedAt", r -> r.gte(JsonData.of(since))))
                        .mustNot(terms("reason", EntryLifecycle.NOT_WATCHED))));
        Query suspect = Query.of(q -> q.bool(b -> {
            b.filter(term("status", LinkStatus.SUSPECT.value()), terms("reason", EntryLifecycle.LOSSES));
            return except == null ? b : b.mustNot(term("docId", except));
        }));
        return SearchRequest.of(s -> s.index(LinkRegistry.INDEX)
                .size(0)
                .trackTotalHits(t -> t.enabled(true))
                .query(allOf(term("host", host)))
                .aggregations("entries", filter(Query.of(q -> q.bool(b -> b.mustNot(old)))))
                .aggregations("recent", filter(recent))
                .aggregations("held", filter(term("status", LinkStatus.HELD.value())))
                .aggregations("suspect", filter(suspect)));
    }

    /** Held entries per host (up to 1,000 hosts) with the first hold and the reasons. */
    static SearchRequest heldHosts() {
        return SearchRequest.of(s -> s.index(LinkRegistry.INDEX)
                .size(0)
                .query(allOf(term("status", LinkStatus.HELD.value())))
                .aggregations(
                        "hosts",
                        a -> a.terms(t -> t.field("host").size(1000))
                                .aggregations("since", m -> m.min(f -> f.field("heldAt")))
                                .aggregations(
                                        "reasons",
                                        r -> r.terms(t -> t.field("reason").size(20)))));
    }

    /** Ids of up to {@code size} entries of {@code host} with {@code status}. */
    static SearchRequest idsOf(String host, LinkStatus status, int size) {
        return SearchRequest.of(s -> s.index(LinkRegistry.INDEX)
                .size(size)
                .source(src -> src.filter(f -> f.includes("docId")))
                .query(allOf(term("host", host), term("status", status.value())))
                .sort(o -> o.field(f -> f.field("docId").order(SortOrder.Asc))));
    }

    /** Ids of entries of {@code collection} that moved to {@code newUrl} and wait for it to be indexed. */
    static SearchRequest movedTo(String collection, String newUrl) {
        return SearchRequest.of(s -> s.index(LinkRegistry.INDEX)
                .size(100)
                .source(src -> src.filter(f -> f.includes("docId")))
                .query(allOf(
                        term("movedTo", newUrl),
                        term("collection", collection),
                        term("status", LinkStatus.SUSPECT.value()),
                        term("reason", EntryLifecycle.MOVED))));
    }

    private static Aggregation filter(Query query) {
        return Aggregation.of(a -> a.filter(query));
    }

    private static Query range(String field, java.util.function.UnaryOperator<RangeQuery.Builder> bound) {
        return Query.of(q -> q.range(r -> bound.apply(r.field(field))));
    }
}
