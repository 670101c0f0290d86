package io.renvoi.links.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.json.JsonMapper;
import java.util.Collection;
import java.util.List;

/**
 * The search bodies {@link LinkRegistry} sends to {@code rag-links}: due entries, pages of entries, statistics for
 * the API and for the mass-eviction guard, ids by host or move target. Pure: builds JSON, reads nothing.
 */
final class LinkQueries {
    private static final ObjectMapper JSON = JsonMapper.shared();

    private LinkQueries() {}

    /** Due at {@code now} and not leased (active, suspect, held, and watched evicted entries), observed first. */
    static ObjectNode due(long now, int size) {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", size);
        body.putArray("_source").add("docId").add("url");
        ObjectNode bool = body.putObject("query").putObject("bool");
        ObjectNode evictedWatched = JSON.createObjectNode();
        ObjectNode evictedBool = evictedWatched.putObject("bool");
        evictedBool.putArray("filter").add(term("status", LinkStatus.EVICTED.value()));
        evictedBool.putArray("must_not").add(terms("reason", EntryLifecycle.NOT_WATCHED));
        ObjectNode checkable = JSON.createObjectNode();
        ObjectNode checkableBool = checkable.putObject("bool");
        checkableBool
                .putArray("should")
                .add(terms(
                        "status",
                        List.of(LinkStatus.ACTIVE.value(), LinkStatus.SUSPECT.value(), LinkStatus.HELD.value())))
                .add(evictedWatched);
        checkableBool.put("minimum_should_match", 1);
        bool.putArray("filter")
                .add(checkable)
                .add(range("nextCheckAt", now, "lte"))
                .add(range("leaseUntil", now, "lte"));
        body.putArray("sort")
                .add(JSON.createObjectNode().put("priority", "desc"))
                .add(JSON.createObjectNode().put("nextCheckAt", "asc"));
        return body;
    }

    /** A page of entries, newest registered first; null filters match everything. */
    static ObjectNode page(String status, String collection, List<String> visible, int page, int size) {
        ObjectNode body = JSON.createObjectNode();
        body.put("from", page * size).put("size", size);
        var filter = body.putObject("query").putObject("bool").putArray("filter");
        if (status != null) filter.add(term("status", status));
        if (collection != null) filter.add(term("collection", collection));
        if (visible != null) filter.add(collectionsIn(visible));
        body.putArray("sort")
                .add(JSON.createObjectNode().put("registeredAt", "desc"))
                .add(JSON.createObjectNode().put("docId", "asc"));
        return body;
    }

    /** Counts per status and reason, checks since {@code since}, bytes and checks in all, over the visible ones (of one collection when not null). */
    static ObjectNode statistics(long since, String collection, List<String> visible) {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", 0);
        var filter = body.putObject("query").putObject("bool").putArray("filter");
        if (collection != null) filter.add(term("collection", collection));
        if (visible != null) filter.add(collectionsIn(visible));
        ObjectNode aggs = body.putObject("aggs");
        aggs.putObject("status").putObject("terms").put("field", "status").put("size", 10);
        aggs.putObject("reason").putObject("terms").put("field", "reason").put("size", 100);
        aggs.putObject("recent").set("filter", range("lastCheckAt", since, "gte"));
        aggs.putObject("bytes").putObject("sum").put("field", "bytesDownloaded");
        aggs.putObject("checks").putObject("sum").put("field", "checks");
        return body;
    }

    /** The guard's counts for {@code host} (see {@link LinkRegistry.HostCounts}), {@code except} not a suspect. */
    static ObjectNode hostCounts(String host, long since, String except) {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", 0).put("track_total_hits", true);
        body.putObject("query").putObject("bool").putArray("filter").add(term("host", host));
        ObjectNode aggs = body.putObject("aggs");
        ObjectNode old = JSON.createObjectNode();
        old.putObject("bool")
                .putArray("filter")
                .add(term("status", LinkStatus.EVICTED.value()))
                .add(range("evictedAt", since, "lt"));
        ObjectNode notOld = JSON.createObjectNode();
        notOld.putObject("bool").putArray("must_not").add(old);
        aggs.putObject("entries").set("filter", notOld);
        ObjectNode recent = JSON.createObjectNode();
        ObjectNode recentBool = recent.putObject("bool");
        recentBool
                .putArray("filter")
                .add(term("status", LinkStatus.EVICTED.value()))
                .add(range("evictedAt", since, "gte"));
        recentBool.putArray("must_not").add(terms("reason", EntryLifecycle.NOT_WATCHED));
        aggs.putObject("recent").set("filter", recent);
        aggs.putObject("held").set("filter", term("status", LinkStatus.HELD.value()));
        ObjectNode suspect = JSON.createObjectNode();
        ObjectNode suspectBool = suspect.putObject("bool");
        suspectBool
                .putArray("filter")
                .add(term("status", LinkStatus.SUSPECT.value()))
                .add(terms("reason", EntryLifecycle.LOSSES));
        if (except != null) {
            suspectBool.putArray("must_not").add(term("docId", except));
        }
        aggs.putObject("suspect").set("filter", suspect);
        return body;
    }

    /** Held entries per host (up to 1,000 hosts) with the first hold and the reasons. */
    static ObjectNode heldHosts() {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", 0);
        body.putObject("query").putObject("bool").putArray("filter").add(term("status", LinkStatus.HELD.value()));
        ObjectNode byHost = body.putObject("aggs").putObject("hosts");
        byHost.putObject("terms").put("field", "host").put("size", 1000);
        ObjectNode sub = byHost.putObject("aggs");
        sub.putObject("since").putObject("min").put("field", "heldAt");
        sub.putObject("reasons").putObject("terms").put("field", "reason").put("size", 20);
        return body;
    }

    /** Ids of up to {@code size} entries of {@code host} with {@code status}. */
    static ObjectNode idsOf(String host, LinkStatus status, int size) {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", size);
        body.putArray("_source").add("docId");
        body.putObject("query")
                .putObject("bool")
                .putArray("filter")
                .add(term("host", host))
                .add(term("status", status.value()));
        body.putArray("sort").add(JSON.createObjectNode().put("docId", "asc"));
        return body;
    }

    /** Ids of entries of {@code collection} that moved to {@code newUrl} and wait for it to be indexed. */
    static ObjectNode movedTo(String collection, String newUrl) {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", 100);
        body.putArray("_source").add("docId");
        body.putObject("query")
                .putObject("bool")
                .putArray("filter")
                .add(term("movedTo", newUrl))
                .add(term("collection", collection))
                .add(term("status", LinkStatus.SUSPECT.value()))
                .add(term("reason", EntryLifecycle.MOVED));
        return body;
    }

    /**
     * A filter matching entries of the given collections: exact names, or prefixes written {@code name-*} (an API
     * key's collections); none matches nothing.
     */
    static ObjectNode collectionsIn(List<String> patterns) {
        if (patterns.isEmpty()) {
            return JSON.createObjectNode().set("match_none", JSON.createObjectNode());
        }
        ObjectNode bool = JSON.createObjectNode();
        var should = bool.putObject("bool").put("minimum_should_match", 1).putArray("should");
        for (String p : patterns) {
            if (p.endsWith("*")) {
                should.add(JSON.createObjectNode()
                        .set("prefix", JSON.createObjectNode().put("collection", p.substring(0, p.length() - 1))));
            } else {
                should.add(term("collection", p));
            }
        }
        return bool;
    }

    private static ObjectNode term(String field, String value) {
        return (ObjectNode)
                JSON.createObjectNode().set("term", JSON.createObjectNode().put(field, value));
    }

    private static ObjectNode terms(String field, Collection<String> values) {
        var array = JSON.createArrayNode();
        values.forEach(array::add);
        return (ObjectNode)
                JSON.createObjectNode().set("terms", JSON.createObjectNode().set(field, array));
    }

    private static ObjectNode range(String field, long value, String op) {
        return (ObjectNode) JSON.createObjectNode()
                .set(
                        "range",
                        JSON.createObjectNode()
                                .set(field, JSON.createObjectNode().put(op, value)));
    }
}
