package dev.scalpel.testapps.libs;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.yaml.snakeyaml.Yaml;

/**
 * An application that ships its own SnakeYAML 1.x and its own older Byte Buddy, the libraries
 * Scalpel's agent also uses (relocated inside its jar). It prints which jar each library was
 * loaded from, uses both, and prints one line from its own code that a patch can change: with
 * the agent every other line must stay the same.
 */
public final class LibsApp {

  private LibsApp() {}

  public static void main(String[] args) throws ReflectiveOperationException, URISyntaxException {
    System.out.println("title=" + Report.title());

    System.out.println("snakeyaml.jar=" + jarOf(Yaml.class));
    Map<String, Object> document = new Yaml().load("name: scalpel\ntags: [jvm, hotfix]\nversion: 1\n");
    System.out.println("yaml=" + document);

    System.out.println("bytebuddy.jar=" + jarOf(ByteBuddy.class));
    Class<?> generated = new ByteBuddy()
        .subclass(Object.class)
        .name("dev.scalpel.testapps.libs.Generated")
        .method(ElementMatchers.named("toString"))
        .intercept(FixedValue.value("made by the app's own Byte Buddy"))
        .make()
        .load(LibsApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
        .getLoaded();
    Object instance = generated.getDeclaredConstructor().newInstance();
    System.out.println("bytebuddy=" + generated.getName() + ": " + instance);
  }

  private static String jarOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
  }
}
