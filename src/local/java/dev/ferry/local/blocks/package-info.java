/**
 * Local commands for App Migration Building Blocks (export, import, movements, backup, restore and a
 * demonstration), on the embedded engines and the sample app of the local run.
 */
package dev.ferry.local.blocks;
