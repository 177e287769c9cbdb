package org.udpkit.cli;

import picocli.CommandLine;

/** The version the module was compiled as (javac records the project's version), "dev" when there is none. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getModule().getDescriptor() == null ? "dev"
                : Main.class.getModule().getDescriptor().rawVersion().orElse("dev");
        return new String[] {"udpkit " + version + " (Java " + Runtime.version() + ", " + System.getProperty("os.name") + ")"};
    }
}
