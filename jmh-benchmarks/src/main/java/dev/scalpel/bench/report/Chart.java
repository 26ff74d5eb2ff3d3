package dev.scalpel.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** The hot-path chart: one horizontal bar per case, ns per call on a log scale, with JMH's error. */
final class Chart {

  /** One bar. */
  record Row(String label, double nanos, double error, Case.Kind kind) {}

  private static final int WIDTH = 1200;
  private static final int LABEL_WIDTH = 470;
  private static final int ROW_HEIGHT = 28;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;
  private static final int RIGHT = 90;

  private Chart() {}

  /** Draws {@code rows} into a PNG file; does nothing for no rows. */
  static void write(List<Row> rows, Path png) throws IOException {
    if (rows.isEmpty()) {
      return;
    }
    System.setProperty("java.awt.headless", "true");
    int height = TOP + rows.size() * ROW_HEIGHT + BOTTOM;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    double max = rows.stream().mapToDouble(r -> r.nanos() + r.error()).max().orElse(1);
    double min = rows.stream().mapToDouble(Row::nanos).filter(v -> v > 0).min().orElse(0.1);
    int lowDecade = (int) Math.floor(Math.log10(min));
    int highDecade = (int) Math.ceil(Math.log10(max));
    if (highDecade == lowDecade) {
      highDecade++;
    }
    int plotLeft = LABEL_WIDTH;
    int plotWidth = WIDTH - LABEL_WIDTH - RIGHT;
    int low = lowDecade;
    int high = highDecade;
    java.util.function.DoubleToIntFunction x = v -> plotLeft
        + (int) Math.round((Math.log10(Math.max(v, Math.pow(10, low))) - low) / (high - low) * plotWidth);

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("One call of PriceCalculator#total: ns per call (log scale), mean with 99.9% error", 20, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int plotBottom = TOP + rows.size() * ROW_HEIGHT;
    for (int d = low; d <= high; d++) {
      int gx = x.applyAsInt(Math.pow(10, d));
      g.setColor(new Color(220, 220, 220));
      g.drawLine(gx, TOP - 5, gx, plotBottom);
      g.setColor(Color.DARK_GRAY);
      String tick = d < 0 ? String.format(Locale.ROOT, "%." + (-d) + "f", Math.pow(10, d)) : String.valueOf((long) Math.pow(10, d));
      g.drawString(tick + " ns", gx - 12, plotBottom + 18);
    }
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      int y = TOP + i * ROW_HEIGHT;
      g.setColor(Color.BLACK);
      String label = fit(row.label(), fm, LABEL_WIDTH - 30);
      g.drawString(label, LABEL_WIDTH - 15 - fm.stringWidth(label), y + ROW_HEIGHT / 2 + 5);
      g.setColor(color(row.kind()));
      int end = x.applyAsInt(row.nanos());
      g.fillRect(plotLeft, y + 5, Math.max(1, end - plotLeft), ROW_HEIGHT - 10);
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1.5f));
      int lo = x.applyAsInt(Math.max(row.nanos() - row.error(), Math.pow(10, low)));
      int hi = x.applyAsInt(row.nanos() + row.error());
      g.drawLine(lo, y + ROW_HEIGHT / 2, hi, y + ROW_HEIGHT / 2);
      g.drawString(String.format(Locale.ROOT, row.nanos() < 10 ? "%.2f" : "%.1f", row.nanos()), hi + 6, y + ROW_HEIGHT / 2 + 5);
    }
    legend(g, plotBottom + 45);
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  private static void legend(Graphics2D g, int y) {
    int lx = 20;
    for (Case.Kind kind : Case.Kind.values()) {
      g.setColor(color(kind));
      g.fillRect(lx, y - 11, 14, 14);
      g.setColor(Color.BLACK);
      String name = switch (kind) {
        case BASELINE -> "no agent (baseline)";
        case FLOOR -> "no agent (a case's floor)";
        case SCALPEL -> "Scalpel";
        case PEER -> "peer agent";
      };
      g.drawString(name, lx + 20, y);
      lx += 40 + g.getFontMetrics().stringWidth(name);
    }
  }

  private static Color color(Case.Kind kind) {
    return switch (kind) {
      case BASELINE -> new Color(90, 90, 90);
      case FLOOR -> new Color(170, 170, 170);
      case SCALPEL -> new Color(40, 110, 200);
      case PEER -> new Color(230, 130, 40);
    };
  }

  private static String fit(String text, FontMetrics fm, int width) {
    if (fm.stringWidth(text) <= width) {
      return text;
    }
    String cut = text;
    while (cut.length() > 1 && fm.stringWidth(cut + "…") > width) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "…";
  }
}
