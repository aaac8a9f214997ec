package dev.tillsync.node.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Sets the log level of a sub-command unless the user chose one with -Dtillsync.log.level. */
final class Logging {

    private Logging() {
    }

    static void defaultLevel(String level) {
        if (System.getProperty("tillsync.log.level") != null) {
            return;
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.WARN));
    }
}
