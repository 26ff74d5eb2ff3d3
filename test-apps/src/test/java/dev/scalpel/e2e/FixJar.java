package dev.scalpel.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The fix jars the module builds, one per application, each located by a system property. */
enum FixJar {
  PRICING("scalpel.fix.pricing.jar", "dev/scalpel/testapps/fixes/pricing/"),
  TEXT("scalpel.fix.text.jar", "dev/scalpel/testapps/fixes/text/"),
  TARGETS("scalpel.fix.targets.jar", "dev/scalpel/testapps/fixes/targets/"),
  LIBS("scalpel.fix.libs.jar", "dev/scalpel/testapps/fixes/libs/"),
  OLDLIB("scalpel.fix.oldlib.jar", "dev/scalpel/testapps/fixes/oldlib/");

  private final String property;
  private final String packagePath;

  FixJar(String property, String packagePath) {
    this.property = property;
    this.packagePath = packagePath;
  }

  /** The jar file. */
  Path path() {
    return Artifacts.existingFile(property);
  }

  /** The directory, as a jar entry prefix, that holds this jar's classes and nothing else does. */
  String packagePath() {
    return packagePath;
  }

  /** The jar's SHA-256, as a manifest's {@code sha256} states it. */
  String sha256() {
    return sha256(path());
  }

  /** The SHA-256 of {@code file}, 64 lower-case hex digits. */
  static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }
}
