package dev.tillsync.node.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Sets the log level of a sub-command unless the user chose one with -Dtillsync.log.level. */
final class Logging {

    /** Root log level set for one run of a sub-command. Closing it puts back the level before. */
    interface LevelScope extends AutoCloseable {
        @Override
        void close();
    }

    private Logging() {
    }

    /**
     * Sets the root log level to {@code level} until the returned scope is closed, so that commands
     * run one after another in one JVM (tests, the demo's callers) do not change each other's level.
     */
    static LevelScope defaultLevel(String level) {
        if (System.getProperty("tillsync.log.level") != null) {
            return () -> { };
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        root.setLevel(Level.toLevel(level, Level.WARN));
        return () -> root.setLevel(before);
    }
}
