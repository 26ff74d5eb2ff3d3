package dev.scalpel.api;

/**
 * Calls the original implementation of the method a fix replaces.
 *
 * <p>Inside a fix, the patched method redirects to the fix again; wrapping the call in
 * {@code Original.call} runs the original body instead:
 *
 * <pre>{@code
 * static BigDecimal total(PriceCalculator self, Cart cart, int qty) {
 *   if (qty < 0) throw new IllegalArgumentException("qty " + qty);
 *   return Original.call(() -> self.total(cart, qty)).setScale(2, RoundingMode.HALF_EVEN);
 * }
 * }</pre>
 *
 * <p>The bypass holds for exactly one entry into a patched method: the first patched method the
 * block enters on this thread runs its original body, and any deeper call is patched as usual.
 * So call the original method directly inside the block, with its arguments already computed.
 * The bypass is cleared when the block returns or throws, whether or not it was used.
 *
 * <p>At run time this class is provided by the Scalpel agent in the bootstrap class loader: compile
 * against it with scope {@code provided} and do not bundle it into the patch jar. Outside a JVM
 * running Scalpel the block simply runs.
 */
public final class Original {

  private static final ThreadLocal<boolean[]> BYPASS = ThreadLocal.withInitial(() -> new boolean[1]);

  private Original() {}

  /**
   * A block that calls the original method and returns its result.
   *
   * @param <T> the result type
   * @param <X> what the original method may throw
   */
  @FunctionalInterface
  public interface Call<T, X extends Throwable> {
    /** Calls the original method. */
    T call() throws X;
  }

  /**
   * A block that calls an original {@code void} method.
   *
   * @param <X> what the original method may throw
   */
  @FunctionalInterface
  public interface Run<X extends Throwable> {
    /** Calls the original method. */
    void run() throws X;
  }

  /**
   * Runs {@code block} so that the first patched method it enters runs its original body.
   *
   * @return what the block returned
   * @throws X what the block threw, unchanged
   */
  public static <T, X extends Throwable> T call(Call<T, X> block) throws X {
    boolean[] flag = BYPASS.get();
    boolean outer = flag[0];
    flag[0] = true;
    try {
      return block.call();
    } finally {
      flag[0] = outer;
    }
  }

  /**
   * Runs {@code block} so that the first patched method it enters runs its original body.
   *
   * @throws X what the block threw, unchanged
   */
  public static <X extends Throwable> void run(Run<X> block) throws X {
    call(() -> {
      block.run();
      return null;
    });
  }

  /**
   * Consumes this thread's bypass: true at most once per {@link #call} block. The agent's
   * dispatcher calls this on the active path of a fix that uses this API; fixes do not.
   *
   * @return whether the current call should run the original body
   */
  public static boolean consumeBypass() {
    boolean[] flag = BYPASS.get();
    if (flag[0]) {
      flag[0] = false;
      return true;
    }
    return false;
  }
}
