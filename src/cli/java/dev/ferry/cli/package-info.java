/**
 * The operator CLI, {@code ferry <command>} (docs/cli.md): picocli commands over Ferry's own adapters
 * and use cases. A source root of its own ({@code src/cli/java}), built into {@code target/ferry-cli.jar}
 * and never into the Lambda functions' {@code function.zip}. New commands are registered in the
 * {@code subcommands} of {@link dev.ferry.cli.FerryCli}.
 */
package dev.ferry.cli;
