package dev.scalpel.bench.peer;

import dev.scalpel.bench.app.Order;
import dev.scalpel.bench.app.PriceCalculator;
import dev.scalpel.bench.fixes.PriceFixes;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * A benchmark peer, not part of Scalpel: the usual hand-written hotfix agent. Byte Buddy inlines
 * advice into {@code PriceCalculator#total} that, on every call, looks the fix up in a
 * {@code ConcurrentHashMap} and calls it. {@code -javaagent:peer-agent.jar=methodhandle} dispatches
 * with {@code MethodHandle.invokeExact}, {@code =reflection} with {@code Method.invoke}.
 */
public final class PeerAgent {

  private PeerAgent() {}

  /** Installs the advice, then registers the fix. */
  public static void premain(String options, Instrumentation instrumentation) throws ReflectiveOperationException {
    boolean reflection = switch (options == null ? "" : options) {
      case "methodhandle" -> false;
      case "reflection" -> true;
      default -> throw new IllegalArgumentException("peer agent option '" + options + "': write methodhandle or reflection");
    };
    // The advice is described from its class file: described by reflection, its parameter types
    // would load PriceCalculator while PriceCalculator is being transformed.
    ClassFileLocator classFiles = ClassFileLocator.ForClassLoader.of(PeerAgent.class.getClassLoader());
    TypeDescription advice = TypePool.Default.of(classFiles)
        .describe((reflection ? ViaReflection.class : ViaMethodHandle.class).getName()).resolve();
    new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.Listener.StreamWriting.toSystemError().withErrorsOnly())
        .type(ElementMatchers.named("dev.scalpel.bench.app.PriceCalculator"))
        .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(advice, classFiles).on(ElementMatchers.named("total"))))
        .installOn(instrumentation);
    MethodType type = MethodType.methodType(long.class, PriceCalculator.class, Order.class, int.class);
    if (reflection) {
      PeerRegistry.METHODS.put(PeerRegistry.TOTAL, PriceFixes.class.getMethod("total", type.parameterArray()));
    } else {
      PeerRegistry.HANDLES.put(PeerRegistry.TOTAL, MethodHandles.publicLookup().findStatic(PriceFixes.class, "total", type));
    }
  }
}
