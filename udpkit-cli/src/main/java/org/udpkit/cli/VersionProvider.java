package org.udpkit.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"udpkit " + (version == null ? "dev" : version)
                + " (Java " + Runtime.version() + ", " + System.getProperty("os.name") + ")"};
    }
}
