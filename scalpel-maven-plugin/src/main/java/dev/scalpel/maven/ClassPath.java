package dev.scalpel.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.project.MavenProject;

/** A project's compile class path, where the goals look for the application's classes. */
final class ClassPath {

  private ClassPath() {}

  /**
   * The entries of {@code project}'s compile class path that exist: its own classes and its
   * {@code compile} and {@code provided} dependencies, in Maven's order.
   *
   * @throws IllegalStateException if Maven has not resolved the dependencies, which the goals require
   */
  static List<Path> of(MavenProject project) {
    try {
      return project.getCompileClasspathElements().stream().map(Path::of).filter(Files::exists).toList();
    } catch (DependencyResolutionRequiredException e) {
      throw new IllegalStateException("Maven did not resolve the compile class path of " + project.getId(), e);
    }
  }
}
