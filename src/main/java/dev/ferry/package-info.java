/** Ferry: per-installation data migration engine. */
package dev.ferry;
