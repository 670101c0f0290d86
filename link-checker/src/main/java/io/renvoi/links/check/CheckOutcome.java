package io.renvoi.links.check;

/**
 * The result of checking one entry, as returned by {@code POST /api/v1/links/{docId}/check}.
 *
 * @param docId the document checked
 * @param url its URL
 * @param verdict unchanged, changed, moved, evict or strike
 * @param reason why (see {@link Verdict#reason()})
 * @param httpStatus the final HTTP status, 0 when no response
 * @param status the entry's status after the check
 * @param strikes the entry's strikes after the check
 * @param nextCheckAt when it will be checked again (epoch millis)
 * @param detail a human explanation
 */
public record CheckOutcome(
        String docId,
        String url,
        String verdict,
        String reason,
        int httpStatus,
        String status,
        int strikes,
        long nextCheckAt,
        String detail) {}
