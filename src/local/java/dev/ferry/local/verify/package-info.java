/**
 * Local commands for verification and fleet status, over the same engines as the local run
 * ({@link dev.ferry.local.LocalEnvironment}) and the same adapters as the Lambda functions, wired
 * without Quarkus so they start fast and leave the local run's state as it is.
 */
package dev.ferry.local.verify;
