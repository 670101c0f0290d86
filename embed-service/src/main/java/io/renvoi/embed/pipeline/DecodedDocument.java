package io.renvoi.embed.pipeline;

import io.renvoi.common.events.DocumentEvent;

/** A record of rag.documents that decoded and passed validation: its key and payload (kept for the dead-letter topic) and its event. */
record DecodedDocument(String key, String payload, DocumentEvent event) {}
