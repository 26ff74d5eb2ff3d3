package dev.scalpel.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The test applications: how to run each, with or without the agent, and exactly what each
 * prints when nothing patches it.
 */
enum App {

  PRICING("dev.scalpel.testapps.pricing.PricingApp", List.of(
      "order 1041: 2 x 4.50 = 9.00 (expected 9.00) ok",
      "order 1042: 3 x 2.675 = 8.02 (expected 8.03) WRONG",
      "order 1043: 2 x 10.05, 25% off = 15.07 (expected 15.08) WRONG",
      "order 1044: 1 x 12.50 + 2 x 4.50, 10% off = 19.35 (expected 19.35) ok")),

  TEXT("dev.scalpel.testapps.text.TextApp", List.of(
      "ellipsize(\"Scalpel\", 10) = \"Scalpel\" (7 chars, limit 10)",
      "ellipsize(\"Surgical hotfixes for running JVMs\", 16) = \"Surgical hot...\" (15 chars, limit 16)",
      "slugify(\"Hello, World!\") = \"hello-world-\"",
      "slugify(\"Rounding: off by a cent?\") = \"rounding-off-by-a-cent-\"",
      "slugify(\"already-clean\") = \"already-clean\"")),

  ZOO("dev.scalpel.testapps.targets.TargetZoo", List.of(
      "static=14",
      "instance=17",
      "private=secret-7",
      "final=final label",
      "overload.int=int:7",
      "overload.string=string:seven",
      "byte=8",
      "short=8",
      "int=8",
      "long=8",
      "float=3.5",
      "double=3.5",
      "char=b",
      "boolean=false",
      "mix=1|2|3|4|5.5|6.5|x|true",
      "array=[1, 2, 3]",
      "varargs=a,b,c",
      "void=[visited]",
      "checked=threw:java.io.IOException:settings.conf not found",
      "default=hello zoo",
      "abstract=square with area 9",
      "nested=inner value",
      "lambda=LAMBDA!",
      "boxed=42",
      "jdk=c2NhbHBlbA==",
      "plugin.a=hello from plugin-a",
      "plugin.b=hello from plugin-b",
      "plugin.distinct=true",
      "legacy.major=47",
      "legacy=21",
      "marker=loading late class",
      "late=late value")),

  LIBS("dev.scalpel.testapps.libs.LibsApp", List.of(
      "title=libraries report, draft",
      "snakeyaml.jar=snakeyaml-1.33.jar",
      "yaml={name=scalpel, tags=[jvm, hotfix], version=1}",
      "bytebuddy.jar=byte-buddy-1.14.18.jar",
      "bytebuddy=dev.scalpel.testapps.libs.Generated: made by the app's own Byte Buddy")),

  OLDLIB("dev.scalpel.testapps.oldlib.OldLibApp", List.of(
      "lang.major=46",
      "abbreviate=Surgical hotf...",
      "roundtrip=scalpel"));

  private final String mainClass;
  private final List<String> unpatchedOutput;

  App(String mainClass, List<String> unpatchedOutput) {
    this.mainClass = mainClass;
    this.unpatchedOutput = unpatchedOutput;
  }

  /** The main class. */
  String mainClass() {
    return mainClass;
  }

  /** Exactly what the app prints, line by line, when nothing patches it. */
  List<String> unpatchedOutput() {
    return unpatchedOutput;
  }

  /**
   * The unpatched output with some {@code name=value} lines changed: each of {@code changedLines}
   * replaces the one line with the same {@code name=}.
   */
  List<String> outputWith(String... changedLines) {
    List<String> lines = new ArrayList<>(unpatchedOutput);
    for (String changed : changedLines) {
      String key = changed.substring(0, changed.indexOf('=') + 1);
      List<Integer> matches = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (!key.isEmpty() && lines.get(i).startsWith(key)) {
          matches.add(i);
        }
      }
      if (matches.size() != 1) {
        throw new IllegalArgumentException(name() + " prints " + matches.size() + " lines '" + key
            + "...', not one, to replace by '" + changed + "'");
      }
      lines.set(matches.get(0), changed);
    }
    return List.copyOf(lines);
  }

  /** Runs the app on {@code jdk} in {@code workDir} without the agent. */
  JvmResult run(Jdk jdk, Path workDir) {
    return runner(jdk, workDir).run(mainClass, args(workDir));
  }

  /**
   * Runs the app on {@code jdk} in {@code workDir} with the agent applying {@code manifest} at
   * startup, and fails if the agent reported a transformation error.
   */
  JvmResult runWithAgent(Jdk jdk, Path workDir, Path manifest) {
    JvmResult result = runner(jdk, workDir)
        .jvmArgs("-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest)
        .run(mainClass, args(workDir));
    result.assertNoTransformationError();
    return result;
  }

  /** A runner for this app's class path, to add JVM arguments to. */
  JvmRunner runner(Jdk jdk, Path workDir) {
    List<Path> classpath = new ArrayList<>();
    classpath.add(Artifacts.appsJar());
    if (this == LIBS) {
      classpath.addAll(Artifacts.libsAppJars());
    } else if (this == OLDLIB) {
      classpath.addAll(Artifacts.oldLibAppJars());
    }
    return new JvmRunner(jdk, workDir).classpath(classpath);
  }

  /** The program arguments; the zoo's name its plugin jar and a fresh old-class directory. */
  String[] args(Path workDir) {
    if (this == ZOO) {
      return new String[] {Artifacts.pluginJar().toString(), LegacyClass.writeClassDir(workDir).toString()};
    }
    return new String[0];
  }
}
