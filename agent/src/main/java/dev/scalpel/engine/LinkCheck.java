package dev.scalpel.engine;

import dev.scalpel.dsl.Action;
import dev.scalpel.dsl.MethodRef;
import dev.scalpel.dsl.Patch;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.Type;

/**
 * Checks a patch against its target class before anything switches, on class files only: no
 * class is loaded or initialized, so checking cannot change the application. What it accepts,
 * {@link ActionLinker} can link.
 */
final class LinkCheck {

  private static final Type THROWABLE = Type.getObjectType("java/lang/Throwable");
  private static final String MESSAGE_CONSTRUCTOR = "(Ljava/lang/String;)V";
  private static final String NO_ARG_CONSTRUCTOR = "()V";

  private LinkCheck() {}

  /**
   * The problems of {@code patch} against {@code target}, empty if it can be applied.
   *
   * @param jar     the patch's verified jar, or null if it has none
   * @param target  the target class's shape
   * @param classes the patch jar's classes, then those the target's loader sees
   */
  static List<String> check(Patch patch, FixJar jar, ClassShape target, ClassShapes classes) {
    List<String> problems = new ArrayList<>();
    TargetResolver.Resolution r = TargetResolver.resolve(target, patch.target());
    if (!r.found()) {
      problems.add(r.problem());
      return problems;
    }
    ClassShape.MethodShape method = r.method();
    Type[] parameters = method.parameters();
    if (patch.stickyBy().isPresent() && patch.stickyBy().getAsInt() >= parameters.length) {
      problems.add("stickyBy: arg" + patch.stickyBy().getAsInt() + " names no argument of " + TargetResolver.spelling(method)
          + ": its arguments are arg0 to arg" + (parameters.length - 1));
      return problems;
    }
    List<Type> siteParams = new ArrayList<>();
    if (!method.isStatic()) {
      siteParams.add(Type.getObjectType(target.internalName()));
    }
    for (Type p : parameters) {
      siteParams.add(p);
    }
    Type returnType = method.returnType();
    try {
      Action action = patch.action();
      if (action instanceof Action.Returns returns) {
        Constants.fit(returns.value(), TargetResolver.sourceName(returnType));
      } else if (action instanceof Action.Skip) {
        if (returnType.getSort() != Type.VOID) {
          problems.add("skip: true fits only void methods, and " + TargetResolver.spelling(method) + " returns "
              + TargetResolver.sourceName(returnType) + ": use returns or throws instead");
        }
      } else if (action instanceof Action.Throws t) {
        checkThrowable(t, classes, problems);
      } else if (action instanceof Action.Fix fix) {
        checkStatic("fix", fix.method(), jar, classes, siteParams, returnType, patch, problems);
      }
      if (patch.when().isPresent()) {
        checkStatic("when", patch.when().get(), jar, classes, siteParams, Type.BOOLEAN_TYPE, patch, problems);
      }
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    } catch (RuntimeException e) {
      problems.add("cannot check against " + target.name() + ": " + e);
    }
    return problems;
  }

  private static void checkThrowable(Action.Throws t, ClassShapes classes, List<String> problems) {
    ClassShape type = classes.find(t.exceptionClass());
    if (type == null) {
      problems.add("throws " + t.exceptionClass() + ": no such class is visible to the target's class loader");
      return;
    }
    if (!classes.assignable(THROWABLE, Type.getObjectType(type.internalName()))) {
      problems.add("throws " + t.exceptionClass() + ": not a java.lang.Throwable");
      return;
    }
    boolean hasMessageCtor = false;
    boolean hasNoArgCtor = false;
    for (ClassShape.MethodShape m : type.methods()) {
      if (m.isConstructor() && m.isPublic()) {
        hasMessageCtor |= m.descriptor().equals(MESSAGE_CONSTRUCTOR);
        hasNoArgCtor |= m.descriptor().equals(NO_ARG_CONSTRUCTOR);
      }
    }
    if (t.message().isPresent() ? !hasMessageCtor : !(hasMessageCtor || hasNoArgCtor)) {
      problems.add("throws " + t.exceptionClass() + ": needs a public " + (t.message().isPresent()
          ? "(String) constructor to take the message" : "no-arg or (String) constructor"));
    }
  }

  private static void checkStatic(String role, MethodRef ref, FixJar jar, ClassShapes classes, List<Type> params,
      Type returnType, Patch patch, List<String> problems) {
    if (jar == null) {
      problems.add(role + " " + ref + " needs a patch jar, and in this version only a fix brings one: "
          + "write the guard into a fix that calls Original.call for the calls it leaves alone");
      return;
    }
    if (!jar.contains(ref.className())) {
      problems.add(role + " class " + ref.className() + " is not in the patch jar " + jar.path().getFileName());
      return;
    }
    ClassShape owner = classes.require(ref.className());
    List<ClassShape.MethodShape> named = new ArrayList<>();
    for (ClassShape.MethodShape m : owner.methods()) {
      if (m.isMethod() && m.name().equals(ref.methodName())) {
        named.add(m);
      }
    }
    for (ClassShape.MethodShape m : named) {
      if (m.isStatic() && fits(m, params, returnType, classes)) {
        return;
      }
    }
    StringBuilder expected = new StringBuilder("static ").append(TargetResolver.sourceName(returnType)).append(' ')
        .append(ref.methodName()).append('(');
    for (int i = 0; i < params.size(); i++) {
      expected.append(i == 0 ? "" : ", ").append(TargetResolver.sourceName(params.get(i)));
    }
    expected.append(')');
    List<String> found = new ArrayList<>(named.size());
    for (ClassShape.MethodShape m : named) {
      found.add((m.isStatic() ? "static " : "") + TargetResolver.spelling(m));
    }
    problems.add(role + " " + ref + " does not fit target " + patch.target() + ": write " + expected
        + (named.isEmpty() ? "; the class has no method of that name" : "; found " + found));
  }

  // A fix takes each of the site's arguments and returns what the site may return.
  private static boolean fits(ClassShape.MethodShape m, List<Type> params, Type returnType, ClassShapes classes) {
    Type[] declared = m.parameters();
    if (declared.length != params.size()) {
      return false;
    }
    for (int i = 0; i < declared.length; i++) {
      if (!classes.assignable(declared[i], params.get(i))) {
        return false;
      }
    }
    return classes.assignable(returnType, m.returnType());
  }
}
