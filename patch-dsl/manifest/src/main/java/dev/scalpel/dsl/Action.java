package dev.scalpel.dsl;

import java.util.Objects;
import java.util.Optional;

/** What a patch does instead of the original code: exactly one per patch. */
public sealed interface Action {

  /**
   * Redirect to a static method in a patch jar.
   *
   * @param method the fix method
   * @param jar    the jar as the manifest wrote it: relative to the manifest's folder, or absolute
   * @param sha256 the jar's expected SHA-256, 64 lower-case hex digits
   */
  record Fix(MethodRef method, String jar, String sha256) implements Action {
    /**
     * A fix action; its values are checked by the parser, not here.
     *
     * @throws NullPointerException if an argument is null
     */
    public Fix {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(jar, "jar");
      Objects.requireNonNull(sha256, "sha256");
    }

    /** The jar's path, resolved against the folder that holds the manifest. */
    public java.nio.file.Path resolveJar(java.nio.file.Path manifestFolder) {
      return manifestFolder.resolve(jar).normalize();
    }
  }

  /** Return a constant. */
  record Returns(Constant value) implements Action {
    /**
     * A returns action.
     *
     * @throws NullPointerException if {@code value} is null: use {@link Constant#NULL}
     */
    public Returns {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Throw a new instance of an exception class.
   *
   * @param exceptionClass binary name of a {@code Throwable} with a {@code (String)} or no-arg constructor
   * @param message        the message passed to the constructor, if any
   */
  record Throws(String exceptionClass, Optional<String> message) implements Action {
    /**
     * A throws action; the class name is checked by the parser, not here.
     *
     * @throws NullPointerException if an argument is null
     */
    public Throws {
      Objects.requireNonNull(exceptionClass, "exceptionClass");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Return at once from a {@code void} method. */
  record Skip() implements Action {}
}
