package io.uniroute.core.dataset;

import java.nio.file.Path;

/** A dataset that does not follow format v1; the message names the file and, where it applies, the line. */
public class DatasetFormatException extends RuntimeException {

    public DatasetFormatException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }

    public DatasetFormatException(Path file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
    }
}
