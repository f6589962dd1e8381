/**
 * The bundled sample source app: a multi-tenant project tracker whose shared MySQL database holds
 * the rows of every installation ({@link dev.ferry.local.sample.SampleSourceDatabase}), with
 * deterministic generated data ({@link dev.ferry.local.sample.SampleDataGenerator}), and the HTTP
 * service that serves it over the remote contract ({@link dev.ferry.local.sample.SampleRemoteServer}).
 * Its migration plan is Ferry's bundled {@code ferry-plan.yaml}.
 */
package dev.ferry.local.sample;
