/**
 * The {@code udpkit} command line. Run it on the module path, with native access granted to the library:
 * {@code java --enable-native-access=org.udpkit -p MODULES -m org.udpkit.cli/org.udpkit.cli.Main}.
 */
@SuppressWarnings("requires-automatic") // HdrHistogram and JFreeChart, below: no modular release of them to require
module org.udpkit.cli {
    requires org.udpkit;
    requires info.picocli;
    // HdrHistogram has neither a module-info nor an Automatic-Module-Name: its automatic module is named
    // from its jar's file name, HdrHistogram-2.2.2.jar.
    requires HdrHistogram;
    // --json output, with the streaming generator alone.
    requires com.fasterxml.jackson.core;
    // bench --plot: JFreeChart (an automatic module) draws on Java 2D, JFreeSVG writes SVG; loaded only for --plot.
    requires java.desktop;
    requires org.jfree.jfreechart;
    requires org.jfree.svg;

    // picocli fills the commands' annotated (private) fields and calls their methods by reflection.
    opens org.udpkit.cli to info.picocli;
}
