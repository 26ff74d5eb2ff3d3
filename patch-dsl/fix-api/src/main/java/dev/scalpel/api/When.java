package dev.scalpel.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that the annotated method is the guard ({@code when}) of the patches whose ids it
 * names: their fix applies only to the calls for which it returns {@code true}; other calls run
 * the original code.
 *
 * <pre>{@code
 * @When("PRICE-1432")
 * static boolean bundles(PriceCalculator self, Cart cart, int qty) {
 *   return cart.hasBundle();
 * }
 * }</pre>
 *
 * <p>The guard must be a {@code static boolean} method of a class built with the {@link Patch}
 * fixes it guards (the same fix jar), taking the same parameters as each of them. Each named id
 * must be a {@link Patch} of that build, and each patch has at most one guard; a build tool that
 * reads these annotations fails the build otherwise. A guard is marked on itself, rather than
 * named from the fix, so that its role shows where it is written and its reference is the patch
 * id, which is unique, where a method name may be overloaded. Like {@link Patch}, it is retained in the class file
 * only and the agent never reads it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface When {

  /** The ids of the patches this method guards: at least one. */
  String[] value();
}
