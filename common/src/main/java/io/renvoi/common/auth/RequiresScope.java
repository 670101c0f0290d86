package io.renvoi.common.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope an {@code /api/v1} resource method (or every method of a resource class) needs. A resource without it
 * needs {@code admin}: a forgotten annotation closes an endpoint rather than opening it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {
    Scope value();
}
