package dev.scalpel.bench.setup;

import dev.scalpel.bench.app.scale.ScaleTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Writes renamed copies of {@link ScaleTarget} into the compiled classes, so that the scale
 * benchmarks can patch up to 1,000 distinct classes without 1,000 source files. Run by the build.
 */
public final class ScaleCopies {

  private ScaleCopies() {}

  /** {@code ScaleCopies CLASSES_DIR COUNT}: writes {@code Copy0001} to {@code Copy<COUNT>}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ScaleCopies CLASSES_DIR COUNT");
    }
    Path classes = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    TypeDescription template = TypeDescription.ForLoadedType.of(ScaleTarget.class);
    ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(ScaleTarget.class.getClassLoader());
    ByteBuddy byteBuddy = new ByteBuddy();
    for (int i = 1; i <= count; i++) {
      String name = ScaleTarget.className(i);
      byte[] bytes = byteBuddy.redefine(template, locator).name(name).make().getBytes();
      Path file = classes.resolve(name.replace('.', '/') + ".class");
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    }
  }
}
