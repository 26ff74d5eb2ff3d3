package dev.scalpel.bench.scale;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The program the startup and footprint measurements start, with or without the agent:
 * {@code StartupProbe COUNT FIXED [footprint]} loads the first {@code COUNT} scale targets, checks
 * that the first {@code FIXED} of them run their fix (so that every patch is active when it
 * returns), and exits 0. With {@code footprint} it prints, as {@code key=value} lines, the JVM's
 * uptime when {@code main} began and when every patch was active, then its memory after a full GC.
 */
public final class StartupProbe {

  private StartupProbe() {}

  /** Exits 0 when every target returned what it must, 1 otherwise. */
  public static void main(String[] args) {
    boolean footprint = args.length > 2 && args[2].equals("footprint");
    // Only the footprint runs pay for the management classes; the timed startup runs do not.
    long mainAt = footprint ? ManagementFactory.getRuntimeMXBean().getUptime() : 0;
    int count = Integer.parseInt(args[0]);
    int fixed = Integer.parseInt(args[1]);
    try {
      ScaleTargets.loadAndCheck(count, fixed);
    } catch (IllegalStateException e) {
      System.out.println("probe: " + e.getMessage());
      System.exit(1);
    }
    if (footprint) {
      System.out.println("mainAtMs=" + mainAt);
      System.out.println("activeAtMs=" + ManagementFactory.getRuntimeMXBean().getUptime());
      printFootprint();
    }
  }

  private static void printFootprint() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    System.out.println("heapUsed=" + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    long metaspace = 0;
    long classSpace = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.NON_HEAP && pool.getName().equals("Metaspace")) {
        metaspace = pool.getUsage().getUsed();
      } else if (pool.getType() == MemoryType.NON_HEAP && pool.getName().equals("Compressed Class Space")) {
        classSpace = pool.getUsage().getUsed();
      }
    }
    System.out.println("metaspaceUsed=" + metaspace);
    System.out.println("classSpaceUsed=" + classSpace);
    System.out.println("loadedClasses=" + ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
  }
}
