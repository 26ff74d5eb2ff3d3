package dev.scalpel.engine;

import dev.scalpel.dsl.Action;
import dev.scalpel.dsl.MethodRef;
import dev.scalpel.dsl.Patch;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;
import net.bytebuddy.pool.TypePool;

/**
 * Checks a patch against its target class before anything switches, on class files only: no
 * class is loaded or initialized, so checking cannot change the application. What it accepts,
 * {@link ActionLinker} can link.
 */
final class LinkCheck {

  private LinkCheck() {}

  /**
   * The problems of {@code patch} against {@code target}, empty if it can be applied.
   *
   * @param jar           the patch's verified jar, or null if it has none
   * @param target        the target class's description
   * @param pool          the patch jar's classes, then those the target's loader sees
   */
  static List<String> check(Patch patch, FixJar jar, TypeDescription target, TypePool pool) {
    List<String> problems = new ArrayList<>();
    TargetResolver.Resolution r = TargetResolver.resolve(target, patch.target());
    if (!r.found()) {
      problems.add(r.problem());
      return problems;
    }
    MethodDescription.InDefinedShape method = r.method();
    if (patch.stickyBy().isPresent() && patch.stickyBy().getAsInt() >= method.getParameters().size()) {
      problems.add("stickyBy: arg" + patch.stickyBy().getAsInt() + " names no argument of " + TargetResolver.spelling(method)
          + ": its arguments are arg0 to arg" + (method.getParameters().size() - 1));
      return problems;
    }
    List<TypeDescription> siteParams = new ArrayList<>();
    if (!method.isStatic()) {
      siteParams.add(target);
    }
    siteParams.addAll(method.getParameters().asTypeList().asErasures());
    TypeDescription returnType = method.getReturnType().asErasure();
    try {
      Action action = patch.action();
      if (action instanceof Action.Returns returns) {
        Constants.fit(returns.value(), TargetResolver.sourceName(returnType));
      } else if (action instanceof Action.Skip) {
        if (!returnType.represents(void.class)) {
          problems.add("skip: true fits only void methods, and " + TargetResolver.spelling(method) + " returns "
              + TargetResolver.sourceName(returnType) + ": use returns or throws instead");
        }
      } else if (action instanceof Action.Throws t) {
        checkThrowable(t, pool, problems);
      } else if (action instanceof Action.Fix fix) {
        checkStatic("fix", fix.method(), jar, pool, siteParams, returnType, patch, problems);
      }
      if (patch.when().isPresent()) {
        checkStatic("when", patch.when().get(), jar, pool, siteParams, TypeDescription.ForLoadedType.of(boolean.class),
            patch, problems);
      }
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    } catch (RuntimeException e) {
      problems.add("cannot check against " + target.getName() + ": " + e);
    }
    return problems;
  }

  private static void checkThrowable(Action.Throws t, TypePool pool, List<String> problems) {
    TypePool.Resolution resolution = pool.describe(t.exceptionClass());
    if (!resolution.isResolved()) {
      problems.add("throws " + t.exceptionClass() + ": no such class is visible to the target's class loader");
      return;
    }
    TypeDescription type = resolution.resolve();
    if (!TypeDescription.ForLoadedType.of(Throwable.class).isAssignableFrom(type)) {
      problems.add("throws " + t.exceptionClass() + ": not a java.lang.Throwable");
      return;
    }
    boolean hasMessageCtor = type.getDeclaredMethods().stream().anyMatch(m -> m.isConstructor() && m.isPublic()
        && m.getParameters().asTypeList().asErasures().equals(new TypeList.ForLoadedTypes(String.class)));
    boolean hasNoArgCtor = type.getDeclaredMethods().stream().anyMatch(m -> m.isConstructor() && m.isPublic()
        && m.getParameters().isEmpty());
    if (t.message().isPresent() ? !hasMessageCtor : !(hasMessageCtor || hasNoArgCtor)) {
      problems.add("throws " + t.exceptionClass() + ": needs a public " + (t.message().isPresent()
          ? "(String) constructor to take the message" : "no-arg or (String) constructor"));
    }
  }

  private static void checkStatic(String role, MethodRef ref, FixJar jar, TypePool pool, List<TypeDescription> params,
      TypeDescription returnType, Patch patch, List<String> problems) {
    if (jar == null) {
      problems.add(role + " " + ref + " needs a patch jar, and in this version only a fix brings one: "
          + "write the guard into a fix that calls Original.call for the calls it leaves alone");
      return;
    }
    if (!jar.contains(ref.className())) {
      problems.add(role + " class " + ref.className() + " is not in the patch jar " + jar.path().getFileName());
      return;
    }
    TypeDescription owner = pool.describe(ref.className()).resolve();
    List<MethodDescription.InDefinedShape> named = owner.getDeclaredMethods().stream()
        .filter(m -> m.isMethod() && m.getInternalName().equals(ref.methodName())).toList();
    if (named.stream().anyMatch(m -> m.isStatic() && fits(m, params, returnType))) {
      return;
    }
    StringBuilder expected = new StringBuilder("static ").append(TargetResolver.sourceName(returnType)).append(' ')
        .append(ref.methodName()).append('(');
    for (int i = 0; i < params.size(); i++) {
      expected.append(i == 0 ? "" : ", ").append(TargetResolver.sourceName(params.get(i)));
    }
    expected.append(')');
    problems.add(role + " " + ref + " does not fit target " + patch.target() + ": write " + expected
        + (named.isEmpty() ? "; the class has no method of that name"
            : "; found " + named.stream().map(m -> (m.isStatic() ? "static " : "") + TargetResolver.spelling(m)).toList()));
  }

  private static boolean fits(MethodDescription m, List<TypeDescription> params, TypeDescription returnType) {
    List<TypeDescription> declared = m.getParameters().asTypeList().asErasures();
    if (declared.size() != params.size()) {
      return false;
    }
    for (int i = 0; i < declared.size(); i++) {
      if (!assignable(declared.get(i), params.get(i))) {
        return false;
      }
    }
    return assignable(returnType, m.getReturnType().asErasure());
  }

  private static boolean assignable(TypeDescription to, TypeDescription from) {
    if (to.isPrimitive() || from.isPrimitive()) {
      return to.getName().equals(from.getName());
    }
    return to.getName().equals(from.getName()) || to.isAssignableFrom(from);
  }
}
