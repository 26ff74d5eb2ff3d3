package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A program with many patchable methods, written and compiled by the test: {@code CLASSES} classes
 * {@code crash.W0..} of {@code METHODS} methods {@code static int mJ(int x)} returning {@code x}, and
 * a main class that prints {@code loading}, calls one method of each class (loading them all),
 * prints {@code ready}, then prints {@code m0=VALUE} each time {@code W0.m0(1)} returns something
 * new, until its standard input ends. A manifest patching every method makes an apply, a rollback
 * and the audit records they write long enough to be interrupted.
 */
final class WideApp {

  /** The classes of patchable methods. */
  static final int CLASSES = 20;
  /** The methods of each class. */
  static final int METHODS = 5;
  /** The main class. */
  static final String MAIN = "crash.Wide";
  /** The first line, printed before any patchable class loads. */
  static final String LOADING = "loading";
  /** Printed once every class is loaded (and every patch on it installed and audited). */
  static final String READY = "ready";

  private WideApp() {}

  /** Writes and compiles the program into {@code dir/classes}, for Java 17, and returns that folder. */
  static Path compile(Path dir) {
    try {
      Path src = Files.createDirectories(dir.resolve("src/crash"));
      Path classes = Files.createDirectories(dir.resolve("classes"));
      List<Path> sources = new ArrayList<>();
      StringBuilder load = new StringBuilder();
      for (int c = 0; c < CLASSES; c++) {
        StringBuilder body = new StringBuilder("package crash;\n\npublic final class W" + c + " {\n");
        for (int m = 0; m < METHODS; m++) {
          body.append("  public static int m").append(m).append("(int x) {\n    return x;\n  }\n");
        }
        sources.add(Files.writeString(src.resolve("W" + c + ".java"), body.append("}\n").toString()));
        load.append("    W").append(c).append(".m1(1);\n");
      }
      sources.add(Files.writeString(src.resolve("Wide.java"), """
          package crash;

          public final class Wide {
            private static volatile boolean closed;

            public static void main(String[] args) throws Exception {
              Thread stdin = new Thread(() -> {
                try {
                  while (System.in.read() >= 0) {
                  }
                } catch (java.io.IOException e) {
                }
                closed = true;
              });
              stdin.setDaemon(true);
              stdin.start();
              System.out.println("%s");
          %s    System.out.println("%s");
              int last = Integer.MIN_VALUE;
              while (!closed) {
                int now = W0.m0(1);
                if (now != last) {
                  System.out.println("m0=" + now);
                  last = now;
                }
                Thread.sleep(5);
              }
            }
          }
          """.formatted(LOADING, load, READY)));
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
      sources.forEach(s -> args.add(s.toString()));
      if (javac.run(null, errors, errors, args.toArray(new String[0])) != 0) {
        throw new IllegalStateException("Cannot compile the wide app:\n" + errors.toString(StandardCharsets.UTF_8));
      }
      return classes;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the wide app into " + dir, e);
    }
  }

  /** A manifest patching every method to return {@code base + its number} (m0 of W0 returns {@code base}). */
  static String manifest(int base) {
    Patch[] patches = Stream.iterate(0, i -> i + 1).limit((long) CLASSES * METHODS)
        .map(i -> patch("W" + (i / METHODS) + "-M" + (i % METHODS), "crash.W" + (i / METHODS) + "#m" + (i % METHODS) + "(int)")
            .returns(String.valueOf(base + i)))
        .toArray(Patch[]::new);
    return ManifestFile.yaml(patches);
  }

  /** Writes {@code text} to {@code file} whole, through a temporary file and an atomic move, as a deploy does. */
  static void publish(Path file, String text) {
    try {
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.writeString(next, text, StandardCharsets.UTF_8);
      Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
