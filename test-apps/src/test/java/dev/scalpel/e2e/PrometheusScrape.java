package dev.scalpel.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One scrape of a Prometheus endpoint in the text exposition format: every sample, keyed by its
 * series written as {@code name{label="value",...}} with the labels sorted by name, so that a test
 * can name a series whatever order the exporter printed its labels in.
 *
 * @param text    the whole response, for failure messages
 * @param samples each series and its value
 */
record PrometheusScrape(String text, Map<String, Double> samples) {

  /** A scrape's size bound: the example's endpoint serves a few hundred lines. */
  private static final int MAX_BYTES = 4 << 20;

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * Scrapes {@code url} once, or returns empty if nothing answers there yet (the exporter is still
   * starting) or the answer is not a 200.
   *
   * @throws IllegalStateException if the response is larger than 4 MiB
   * @throws IllegalArgumentException if it is not the text format
   */
  static Optional<PrometheusScrape> from(URI url) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw new IllegalStateException(url + " answered more than " + MAX_BYTES + " bytes");
        }
        if (response.statusCode() != 200) {
          return Optional.empty();
        }
        return Optional.of(parse(new String(bytes, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while scraping " + url, e);
    }
  }

  /**
   * Reads the text format: comments and blank lines are skipped, each other line is {@code series
   * value [timestamp]}.
   *
   * @throws IllegalArgumentException naming the line, for a line that is not a sample
   */
  static PrometheusScrape parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int labelsEnd = line.lastIndexOf('}');
      int nameEnd = line.indexOf('{');
      String series;
      String rest;
      if (nameEnd >= 0 && labelsEnd > nameEnd) {
        series = line.substring(0, nameEnd) + labels(line.substring(nameEnd + 1, labelsEnd), line);
        rest = line.substring(labelsEnd + 1).strip();
      } else {
        int space = line.indexOf(' ');
        if (space < 0) {
          throw new IllegalArgumentException("not a sample line: " + line);
        }
        series = line.substring(0, space);
        rest = line.substring(space + 1).strip();
      }
      String value = rest.split(" ")[0];
      try {
        samples.put(series, Double.valueOf(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a sample value in: " + line, e);
      }
    }
    return new PrometheusScrape(text, samples);
  }

  /** The value of {@code series}, such as {@code scalpel_patch_state{id="P",state="active"}}, if present. */
  Optional<Double> value(String series) {
    return Optional.ofNullable(samples.get(series));
  }

  /** The series named {@code name}, with their labels, for failure messages and lookups by prefix. */
  Map<String, Double> named(String name) {
    Map<String, Double> found = new LinkedHashMap<>();
    samples.forEach((series, value) -> {
      if (series.equals(name) || series.startsWith(name + "{")) {
        found.put(series, value);
      }
    });
    return found;
  }

  /** The lines of the scrape whose series start with {@code scalpel_}, for failure messages. */
  String describeScalpel() {
    StringBuilder text = new StringBuilder("--- scraped scalpel_* series ---\n");
    samples.forEach((series, value) -> {
      if (series.startsWith("scalpel_")) {
        text.append(series).append(' ').append(value).append('\n');
      }
    });
    return text.toString();
  }

  private static String labels(String inner, String line) {
    Map<String, String> sorted = new TreeMap<>();
    int i = 0;
    while (i < inner.length()) {
      int eq = inner.indexOf('=', i);
      if (eq < 0 || eq + 1 >= inner.length() || inner.charAt(eq + 1) != '"') {
        throw new IllegalArgumentException("not a label list in: " + line);
      }
      String name = inner.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      while (j < inner.length() && inner.charAt(j) != '"') {
        char c = inner.charAt(j);
        if (c == '\\' && j + 1 < inner.length()) {
          j++;
          c = inner.charAt(j) == 'n' ? '\n' : inner.charAt(j);
        }
        value.append(c);
        j++;
      }
      if (j >= inner.length()) {
        throw new IllegalArgumentException("an unterminated label value in: " + line);
      }
      sorted.put(name, value.toString());
      i = j + 1;
      while (i < inner.length() && (inner.charAt(i) == ',' || inner.charAt(i) == ' ')) {
        i++;
      }
    }
    StringBuilder text = new StringBuilder("{");
    sorted.forEach((name, value) -> text.append(text.length() > 1 ? "," : "").append(name).append("=\"")
        .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"'));
    return text.append('}').toString();
  }
}
