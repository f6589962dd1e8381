package dev.ferry.adapter.remote;

import dev.ferry.domain.job.InstallationId;

/**
 * Mints the short-lived bearer token sent with every remote call, modelled on Forge's invocation
 * token. A fresh token is minted for every attempt, so retries never carry an expired one.
 * Implementations never reveal their key in messages, exceptions or {@code toString}.
 */
public interface TokenSigner {
    /** Subject of app-level calls, which act for no installation. */
    String APP_SUBJECT = "ferry-app";
    /** The custom claim naming the installation a call acts for. */
    String INSTALLATION_CLAIM = "installationId";

    /** A token for a call on behalf of one installation: {@code sub} and {@code installationId} name it. */
    String forInstallation(InstallationId installation);

    /** A token for an app-level call: {@code sub} is {@value #APP_SUBJECT}, no {@code installationId}. */
    String forApp();
}
