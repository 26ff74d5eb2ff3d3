package dev.scalpel.testapps.plugin;

import java.util.function.Supplier;

/**
 * A plugin class shipped in its own jar, which the target zoo loads twice, through two sibling
 * class loaders, to show that one patch reaches every copy of a class.
 */
public final class GreetingPlugin implements Supplier<String> {

  /** A greeting naming the class loader that defined this copy of the class. */
  @Override
  public String get() {
    return "hello from " + GreetingPlugin.class.getClassLoader().getName();
  }
}
