package dev.scalpel.engine;

/**
 * What one patch is doing, as {@code status} shows it.
 *
 * @param id      the patch id
 * @param state   {@code active}, {@code pending}, {@code disabled}, {@code expired}, {@code rolled-back} or {@code failed}
 * @param target  the target as the manifest wrote it
 * @param failure why it failed, or null
 */
public record PatchStatus(String id, String state, String target, String failure) {}
