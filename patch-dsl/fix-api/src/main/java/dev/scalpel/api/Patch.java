package dev.scalpel.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that the annotated method is the fix of one manifest patch: calls to {@link #target}
 * are redirected to it.
 *
 * <pre>{@code
 * public final class PriceFixes {
 *   @Patch(id = "PRICE-1432",
 *          target = "com.acme.pricing.PriceCalculator#total(com.acme.pricing.Cart, int)",
 *          ticket = "PRICE-1432", reason = "Bundle discount applied twice")
 *   static BigDecimal total(PriceCalculator self, Cart cart, int qty) { ... }
 * }
 * }</pre>
 *
 * <p>The annotation is read from the class file by a build tool (the {@code scalpel:manifest}
 * goal of {@code scalpel-maven-plugin}), which writes the patch into a manifest with the
 * annotated method as {@code fix}, the jar it just built as {@code jar} and that jar's
 * {@code sha256}, and fails the build when the target or the fix's signature does not match
 * the application's classes. It is retained in the class file only: the agent never reads it,
 * and a fix jar behaves the same with or without it.
 *
 * <p>Each element mirrors the manifest key of the same name (the Scalpel contract, section 1)
 * and is checked by the same rules; an element left at its default is left out of the
 * manifest, so the manifest's own default applies. The annotated method must be {@code static}
 * and take the target's parameters, preceded by the target's class for an instance target.
 * The guard of a patch, if any, is a method marked {@link When}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Patch {

  /** The patch id, unique in the manifest: 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
  String id();

  /**
   * The method to fix, spelled as the manifest spells it:
   * {@code binary.class.Name#method(paramType, ...)}, parameter types in Java source spelling
   * ({@code int}, {@code com.acme.Cart}, {@code java.lang.String[]}).
   */
  String target();

  /** The share of calls that take the fix, {@code 0%} to {@code 100%}; empty means 100%. */
  String rollout() default "";

  /** The argument that keeps a caller on one path, {@code arg0}, {@code arg1}...; empty means none. */
  String stickyBy() default "";

  /** What the patch does to calls; the default, {@link Mode#ACTIVE}, is left out of the manifest. */
  Mode mode() default Mode.ACTIVE;

  /** The ticket this patch answers; empty means none. */
  String ticket() default "";

  /** Who wrote the fix; empty means not stated. */
  String author() default "";

  /** Why the patch exists; empty means not stated. */
  String reason() default "";

  /** Who approved the patch; empty means not stated. */
  String approvedBy() default "";

  /** When the patch stops applying, RFC 3339 ({@code 2026-12-31T00:00:00Z}); empty means never. */
  String expires() default "";

  /** The manifest's {@code mode}: its spelling there is the lower-case name. */
  enum Mode {
    /** The fix answers the calls that pass the guard and the rollout. */
    ACTIVE,
    /** The original answers; the fix runs after it on the same arguments and is compared. */
    SHADOW,
    /** The patch is declared but inert: every call runs the original code. */
    DISABLED
  }
}
