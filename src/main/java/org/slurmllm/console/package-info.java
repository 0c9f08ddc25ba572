/**
 * The web console's live stream of changes ({@code /api/events}); the pages themselves are static
 * files under {@code src/main/webapp/console} calling the public API.
 *
 * <h2>Owns</h2>
 *
 * The watchers and the one task that reads the {@code console_changes} view once a second while
 * anyone watches, and sends each the changes its key may see.
 *
 * <h2>Publishes</h2>
 *
 * Nothing another feature uses.
 *
 * <h2>Uses</h2>
 *
 * {@code access} (the watcher's key, role and tenant).
 */
package org.slurmllm.console;
