package dev.scalpel.testapps.fixes.targets;

import dev.scalpel.testapps.plugin.GreetingPlugin;

/** The fix for the plugin class that two sibling class loaders define. */
public final class PluginFixes {

  private PluginFixes() {}

  /** Replaces {@link GreetingPlugin#get()} in every loader's copy. */
  public static String get(GreetingPlugin self) {
    return "fixed hello from " + self.getClass().getClassLoader().getName();
  }
}
