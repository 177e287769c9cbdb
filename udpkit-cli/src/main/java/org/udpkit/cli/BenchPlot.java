package org.udpkit.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.udpkit.load.LoadProgress;

/**
 * {@code bench --plot FILE}: what a run measured as a picture, SVG or PNG by the file's name. Above, the round-trip
 * time by percentile (HdrHistogram's classic plot: the x axis spreads the tail, 90%, 99%, 99.9% ... equally);
 * below, replies per second over the run, the warm-up shaded out.
 */
final class BenchPlot {
    private static final int WIDTH = 900;
    private static final int CHART_HEIGHT = 380;
    private static final Color UDPKIT_BLUE = new Color(0x1f, 0x5f, 0xa8);
    /** Percentiles per halving of what is left of the tail, as HdrHistogram's own percentile output uses. */
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    /** The formats by file name. */
    enum Format {
        SVG, PNG;

        static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".svg")) {
                return SVG;
            }
            if (name.endsWith(".png")) {
                return PNG;
            }
            throw new UsageException("--plot draws an .svg or a .png file, not '" + file + "'");
        }
    }

    private BenchPlot() {
    }

    /** Draws both charts for {@code title} into {@code file}, replacing it. */
    static void write(Path file, String title, Histogram rtt, List<LoadProgress> progress) throws IOException {
        Format format = Format.of(file);
        // No display is needed, nor looked for: a server or a CI machine has none.
        System.setProperty("java.awt.headless", "true");
        JFreeChart latency = latency(title, rtt);
        JFreeChart rate = rate(progress);
        switch (format) {
            case SVG -> {
                SVGGraphics2D svg = new SVGGraphics2D(WIDTH, 2 * CHART_HEIGHT);
                draw(svg, latency, rate);
                Files.writeString(file, svg.getSVGDocument(), StandardCharsets.UTF_8);
            }
            case PNG -> {
                BufferedImage image = new BufferedImage(WIDTH, 2 * CHART_HEIGHT, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                try {
                    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                    draw(g, latency, rate);
                } finally {
                    g.dispose();
                }
                if (!ImageIO.write(image, "png", file.toFile())) {
                    throw new IOException("no PNG writer in this Java runtime to write " + file);
                }
            }
        }
    }

    private static void draw(Graphics2D g, JFreeChart top, JFreeChart bottom) {
        top.draw(g, new Rectangle2D.Double(0, 0, WIDTH, CHART_HEIGHT));
        bottom.draw(g, new Rectangle2D.Double(0, CHART_HEIGHT, WIDTH, CHART_HEIGHT));
    }

    /** RTT against 1 / (1 - percentile): a log axis on which each "nine" of the tail gets the same width. */
    private static JFreeChart latency(String title, Histogram rtt) {
        XYSeries series = new XYSeries("round-trip time", false);
        for (HistogramIterationValue value : rtt.percentiles(TICKS_PER_HALF_DISTANCE)) {
            double percentile = value.getPercentileLevelIteratedTo() / 100;
            if (percentile >= 1) {
                break; // the maximum: infinitely far right on this axis
            }
            series.add(1 / (1 - percentile), value.getValueIteratedTo() / 1000.0);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Round-trip time by percentile", "percentile",
                "round-trip time (µs)", new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, false, false);
        chart.addSubtitle(new TextTitle(title));
        XYPlot plot = chart.getXYPlot();
        LogAxis tail = new LogAxis("percentile");
        tail.setBase(10);
        // A tick per "nine": 90%, 99%, 99.9% ... (the unit is in powers of the base).
        tail.setTickUnit(new NumberTickUnit(1));
        tail.setMinorTickCount(1);
        tail.setNumberFormatOverride(new PercentileFormat());
        tail.setLowerBound(1);
        tail.setUpperBound(Math.max(10, series.getMaxX()));
        plot.setDomainAxis(tail);
        style(chart);
        return chart;
    }

    private static JFreeChart rate(List<LoadProgress> progress) {
        XYSeries timed = new XYSeries("replies per second");
        XYSeries warmup = new XYSeries("warm-up");
        for (LoadProgress p : progress) {
            (p.warmingUp() ? warmup : timed).add(p.elapsedSeconds(), p.recentRepliesPerSecond());
        }
        XYSeriesCollection data = new XYSeriesCollection(timed);
        data.addSeries(warmup);
        JFreeChart chart = ChartFactory.createXYLineChart("Replies per second", "seconds since the start",
                "replies/s", data, PlotOrientation.VERTICAL, true, false, false);
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setNumberFormatOverride(new DecimalFormat("#,##0"));
        style(chart);
        chart.getXYPlot().getRenderer().setSeriesPaint(1, Color.LIGHT_GRAY);
        return chart;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRenderer().setSeriesPaint(0, UDPKIT_BLUE);
        plot.getRenderer().setSeriesStroke(0, new BasicStroke(2f));
    }

    /** A tick at 1 / (1 - p) read as the percentile p: 10 is 90%, 1,000 is 99.9%. */
    private static final class PercentileFormat extends NumberFormat {
        @Override
        public StringBuffer format(double value, StringBuffer to, FieldPosition position) {
            double percent = 100 * (1 - 1 / value);
            return to.append(new DecimalFormat("0.####").format(percent)).append('%');
        }

        @Override
        public StringBuffer format(long value, StringBuffer to, FieldPosition position) {
            return format((double) value, to, position);
        }

        @Override
        public Number parse(String source, ParsePosition position) {
            throw new UnsupportedOperationException("a percentile axis is only printed");
        }
    }
}
