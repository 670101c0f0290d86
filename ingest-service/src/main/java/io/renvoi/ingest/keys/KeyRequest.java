package io.renvoi.ingest.keys;

import io.renvoi.common.auth.KeyLimits;
import java.util.List;

/**
 * Body of {@code POST /api/v1/keys}: a name, the collections (exact names or prefixes such as {@code team-a-*}),
 * the scopes ({@code ingest}, {@code query}, {@code admin}) and optional limits (the operator's defaults otherwise).
 */
public record KeyRequest(String name, List<String> collections, List<String> scopes, KeyLimits limits) {}
