package io.renvoi.links.check;

/** A forced check found its host's politeness slot taken for longer than {@code host-wait}; nothing was fetched. */
public class HostBusyException extends RuntimeException {
    public HostBusyException(String url) {
        super("the site of " + url + " was checked too recently; its politeness interval is not over");
    }
}
