/**
 * The bundled sample source app: a multi-tenant project tracker whose shared MySQL database holds
 * the rows of every installation ({@link dev.ferry.local.sample.SampleSourceDatabase}), with
 * deterministic generated data ({@link dev.ferry.local.sample.SampleDataGenerator}), and the HTTP
 * service that serves it over the remote contract ({@link dev.ferry.local.sample.SampleRemoteServer}),
 * optional endpoints included: checksums, the change feed of issues ({@code updated_at} and tombstones)
 * and the write endpoint; {@link dev.ferry.local.sample.SourceWrites} makes the app's own writes while a
 * migration runs.
 * Its migration plan is Ferry's bundled {@code ferry-plan.yaml}.
 */
package dev.ferry.local.sample;
