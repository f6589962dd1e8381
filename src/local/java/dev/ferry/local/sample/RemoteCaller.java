package dev.ferry.local.sample;

/** Who a verified token says is calling: its subject and, for installation calls, the installation. */
record RemoteCaller(String subject, String installationId) {
}
