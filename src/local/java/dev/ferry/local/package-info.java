/**
 * The local run: embedded engines, the bundled sample source app and the glue that drives the
 * handlers on a developer machine. Compiled as test sources in the Lambda build, so none of it
 * reaches {@code function.zip}.
 */
package dev.ferry.local;
