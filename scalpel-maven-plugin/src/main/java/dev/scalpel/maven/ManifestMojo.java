package dev.scalpel.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * {@code scalpel:manifest}: writes the manifest that the fix project's {@code @Patch} and
 * {@code @When} annotations declare, next to a copy of the fix jar, so that the manifest's folder
 * is what ships. Every target and fix signature is checked against the project's compile class
 * path (the application, scope {@code provided}) as {@code scalpel validate --classpath} checks
 * it; the build fails on any problem, located at the annotated method, and then writes no manifest
 * (and deletes the one an earlier build wrote).
 */
@Mojo(name = "manifest", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.COMPILE,
    threadSafe = true)
public final class ManifestMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** The fix project's compiled classes, where the annotations are read. */
  @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
  private File classesDirectory;

  /** The fix jar the manifest declares; by default the one this project's package phase built. */
  @Parameter(property = "scalpel.fixJar", defaultValue = "${project.build.directory}/${project.build.finalName}.jar",
      required = true)
  private File fixJar;

  /** The manifest to write; the fix jar is copied into its folder, and the manifest names it relative to it. */
  @Parameter(property = "scalpel.manifest", defaultValue = "${project.build.directory}/scalpel/hotfix.yaml",
      required = true)
  private File manifest;

  /** Creates the goal; Maven sets its parameters. */
  public ManifestMojo() {}

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (!fixJar.isFile()) {
      throw new MojoFailureException("the fix jar " + fixJar + " does not exist; run scalpel:manifest in the package"
          + " phase, after the jar is built (mvn package), or set <fixJar> to the jar to declare");
    }
    Path target = manifest.toPath().toAbsolutePath();
    Path folder = target.getParent();
    Path jar = folder.resolve(fixJar.getName());
    String text;
    try {
      AnnotationReader annotations = AnnotationReader.read(classesDirectory.toPath());
      Files.createDirectories(folder);
      if (!fixJar.toPath().toAbsolutePath().normalize().equals(jar.normalize())) {
        Files.copy(fixJar.toPath(), jar, StandardCopyOption.REPLACE_EXISTING);
      }
      text = FixManifest.compose(annotations, project.getBasedir().toPath().relativize(target).toString(), folder,
          jar.getFileName().toString(), ClassPath.of(project));
      // Written beside it and renamed into place, so that a watching agent never reads half a manifest.
      Path next = folder.resolve(target.getFileName() + ".next");
      Files.writeString(next, text);
      Files.move(next, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (FixManifest.Rejected e) {
      e.problems().forEach(getLog()::error);
      forget(target);
      throw new MojoFailureException("the @Patch annotations declare no valid manifest: " + e.problems().size()
          + (e.problems().size() == 1 ? " problem" : " problems") + ", listed above; fix them and build again");
    } catch (IllegalArgumentException e) {
      // A classes folder or class path entry that cannot be read: the message names it and what to do.
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot read the classes or the jar, or write " + target + " and the jar's"
          + " copy next to it: " + e, e);
    }
    long patches = text.lines().filter(line -> line.startsWith("  - id: ")).count();
    getLog().info("wrote " + target + ": " + patches + (patches == 1 ? " patch" : " patches") + " of "
        + jar.getFileName() + ", checked against the compile class path");
  }

  /** Deletes the manifest an earlier build wrote, so that a rejected build leaves none to ship by mistake. */
  private void forget(Path target) {
    try {
      Files.deleteIfExists(target);
    } catch (IOException e) {
      getLog().warn("could not delete " + target + ", written by an earlier build: " + e + "; do not ship it");
    }
  }
}
