package io.renvoi.console.upstream;

/** The four Renvoi services the console calls, by the name a person reads in an error. */
public enum Service {
    INGEST("ingest-service"),
    EMBED("embed-service"),
    QUERY("query-service"),
    LINKS("link-checker");

    private final String label;

    Service(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
