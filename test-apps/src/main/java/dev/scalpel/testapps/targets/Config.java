package dev.scalpel.testapps.targets;

import java.io.IOException;

/** A method that declares a checked exception and, unpatched, throws it. */
public final class Config {

  private Config() {}

  /** Loads a named configuration; this app ships none, so it always fails. */
  public static String load(String name) throws IOException {
    throw new IOException(name + " not found");
  }
}
