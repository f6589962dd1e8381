package dev.ferry.domain.job;

/**
 * Which database the app treats as an installation's primary: the remote SQL source until the
 * cutover, then the installation's own database; back to the source after a rollback.
 */
public enum Primary {
    SOURCE, DESTINATION;

    public Primary other() {
        return this == SOURCE ? DESTINATION : SOURCE;
    }
}
