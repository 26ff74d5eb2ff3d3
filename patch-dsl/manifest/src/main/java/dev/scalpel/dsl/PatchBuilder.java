package dev.scalpel.dsl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Describes one patch for {@link ManifestBuilder}, in the manifest's own spellings. Nothing is
 * checked until {@link ManifestBuilder#build()}: each method replaces an earlier value of the same
 * key, and a second action is kept so that {@code build()} rejects it as the parser would. Every
 * method refuses null with a {@link NullPointerException}.
 */
public final class PatchBuilder {

  private static final Constant TRUE = new Constant(Constant.Kind.BOOLEAN, "true");

  private final Map<Key, Constant> values = new EnumMap<>(Key.class);

  PatchBuilder(String id) {
    set(Key.ID, id);
  }

  /** The method to patch: {@code binary.class.Name#method(paramType, ...)}. */
  public PatchBuilder target(String target) {
    return set(Key.TARGET, target);
  }

  /** The fix action: {@code binary.Class#method} in {@code jar}, whose SHA-256 is {@code sha256}. */
  public PatchBuilder fix(String method, String jar, String sha256) {
    return set(Key.FIX, method).set(Key.JAR, jar).set(Key.SHA256, sha256);
  }

  /** The returns action, as if {@code value}'s text were written with its kind's YAML spelling. */
  public PatchBuilder returns(Constant value) {
    values.put(Key.RETURNS, Objects.requireNonNull(value, "value"));
    return this;
  }

  /** The throws action, with no message. */
  public PatchBuilder throwing(String exceptionClass) {
    values.remove(Key.MESSAGE);
    return set(Key.THROWS, exceptionClass);
  }

  /** The throws action, passing {@code message} to the exception's constructor. */
  public PatchBuilder throwing(String exceptionClass, String message) {
    return set(Key.THROWS, exceptionClass).set(Key.MESSAGE, message);
  }

  /** The skip action. */
  public PatchBuilder skip() {
    values.put(Key.SKIP, TRUE);
    return this;
  }

  /** The guard: {@code binary.Class#method}. */
  public PatchBuilder when(String method) {
    return set(Key.WHEN, method);
  }

  /** The rollout, as a manifest writes it: {@code 10%}, {@code 12.5%}. */
  public PatchBuilder rollout(String percent) {
    return set(Key.ROLLOUT, percent);
  }

  /** The 0-based index of the argument that picks a call's rollout bucket ({@code stickyBy: argN}). */
  public PatchBuilder stickyBy(int argumentIndex) {
    return set(Key.STICKY_BY, "arg" + argumentIndex);
  }

  /** The mode; {@link Mode#ACTIVE} when not set. */
  public PatchBuilder mode(Mode mode) {
    return set(Key.MODE, mode.spelling());
  }

  /** The ticket the patch answers. */
  public PatchBuilder ticket(String ticket) {
    return set(Key.TICKET, ticket);
  }

  /** Who wrote the patch. */
  public PatchBuilder author(String author) {
    return set(Key.AUTHOR, author);
  }

  /** Why the patch exists. */
  public PatchBuilder reason(String reason) {
    return set(Key.REASON, reason);
  }

  /** Who approved the patch. */
  public PatchBuilder approvedBy(String approvedBy) {
    return set(Key.APPROVED_BY, approvedBy);
  }

  /** The instant after which the patch stops applying. */
  public PatchBuilder expires(Instant expires) {
    return set(Key.EXPIRES, expires.toString());
  }

  /** The patch as the YAML reader would have read it, every value located at {@code at}. */
  Value.Mapping toValue(Location at) {
    List<Value.Entry> entries = new ArrayList<>();
    values.forEach((key, value) ->
        entries.add(new Value.Entry(key.spelling(), at, new Value.Scalar(at, value.kind(), value.text()))));
    return new Value.Mapping(at, entries);
  }

  private PatchBuilder set(Key key, String text) {
    values.put(key, new Constant(Constant.Kind.STRING, Objects.requireNonNull(text, key.spelling())));
    return this;
  }
}
