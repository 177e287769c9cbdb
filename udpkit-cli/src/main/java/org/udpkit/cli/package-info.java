/**
 * The {@code udpkit} command line: one picocli command class per program of the chapter, each a short
 * story that reads top to bottom and leaves the work to the library.
 */
package org.udpkit.cli;
