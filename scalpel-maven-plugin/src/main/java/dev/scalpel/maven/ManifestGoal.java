package dev.scalpel.maven;

import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What the goals that act on an existing manifest ({@code sign}, {@code validate}) share: the
 * project, the {@code <manifest>} parameter, and paths resolved against the project's folder, so
 * that a path means the same in every goal.
 */
abstract class ManifestGoal extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** The manifest the goal acts on. */
  @Parameter(property = "scalpel.manifest", defaultValue = "${project.build.directory}/scalpel/hotfix.yaml",
      required = true)
  private File manifest;

  /** The project the goal runs in. */
  final MavenProject project() {
    return project;
  }

  /** The manifest's path, resolved against the project's folder. */
  final Path manifestPath() {
    return resolve(manifest.getPath());
  }

  /** {@code path} resolved against the project's folder; an absolute path stays as it is. */
  final Path resolve(String path) {
    return project.getBasedir().toPath().resolve(path);
  }
}
