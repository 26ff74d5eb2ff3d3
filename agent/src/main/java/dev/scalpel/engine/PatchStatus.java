package dev.scalpel.engine;

/**
 * What one patch is doing, as {@code status} shows it.
 *
 * @param id            the patch id
 * @param state         {@code active}, {@code pending}, {@code disabled}, {@code expired}, {@code rolled-back} or {@code failed}
 * @param target        the target as the manifest wrote it
 * @param failure       why it failed, or null
 * @param callsFixed    calls that took the action, or null if calls are not counted
 * @param callsOriginal calls an active patch's guard ({@code when}, or the fix's own call of the
 *                      original) sent to the original code, or null if calls are not counted
 * @param errorsFixed   exceptions thrown out of the action, or null if calls are not counted
 * @param errorsGuard   exceptions thrown by the guard ({@code when}, a sticky key's {@code toString}),
 *                      after which the call ran the original code; null if calls are not counted
 */
public record PatchStatus(String id, String state, String target, String failure, Long callsFixed,
    Long callsOriginal, Long errorsFixed, Long errorsGuard) {}
