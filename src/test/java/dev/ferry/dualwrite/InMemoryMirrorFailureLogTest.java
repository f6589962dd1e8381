package dev.ferry.dualwrite;

/** The in-memory log keeps the same contract as the JDBC one. */
class InMemoryMirrorFailureLogTest extends MirrorFailureLogContract {
    @Override
    protected MirrorFailureLog emptyLog() {
        return new InMemoryMirrorFailureLog();
    }
}
