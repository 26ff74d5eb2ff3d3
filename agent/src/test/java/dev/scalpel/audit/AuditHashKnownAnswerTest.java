package dev.scalpel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit hash formula of the contract (section 4), checked against answers computed outside
 * the code and against a computation written here, independent of {@link AuditLog} and {@link Json}:
 * {@code hash} is the hex SHA-256 of {@code prevHash} followed by the record's canonical JSON
 * without {@code hash}; with {@code auditKey=} it is the hex HMAC-SHA256 of the same bytes.
 */
final class AuditHashKnownAnswerTest {

  private static final String ZEROS = "0".repeat(64);

  // Computed once with: printf '%s%s' "$PREV" "$RECORD" | sha256sum
  private static final String HASH_1 = "6608fc1f1787d7207b54df56b954a2b231b2cd03ccf7f29943bd619b971e921f";
  private static final String HASH_2 = "ef0aac6e627844244af68c8abdafeeb67e37d458daaf148c42889d3c1b147ac6";
  // Computed once with: printf '%s%s' "$PREV" "$RECORD_1" | openssl dgst -sha256 -mac HMAC -macopt hexkey:...
  // for the key "scalpel-test-key\n" (its line end included, as a key file holds it).
  private static final String HMAC_1 = "7d617783a613ec9e40c952f66f37011fc45d3604fb571c7986fa0ed239873715";
  private static final String KEY = "scalpel-test-key\n";

  private static final String RECORD_1 = "{\"seq\":1,\"time\":\"2026-12-03T08:00:00.125Z\",\"event\":\"agent-started\","
      + "\"patchId\":null,\"manifestSha256\":null,\"jarSha256\":null,\"ticket\":null,\"author\":null,\"reason\":null,"
      + "\"approvedBy\":null,\"pid\":4242,\"host\":\"build-7\",\"user\":\"alice\",\"outcome\":\"ok\",\"error\":null,"
      + "\"prevHash\":\"" + ZEROS + "\"}";
  // Escapes (quote, line end, tab, backslash) and a non-ASCII letter, as the canonical JSON writes them.
  private static final String RECORD_2 = "{\"seq\":2,\"time\":\"2026-12-03T08:00:01Z\",\"event\":\"manifest-rejected\","
      + "\"patchId\":null,\"manifestSha256\":\"" + "ab".repeat(32) + "\",\"jarSha256\":null,\"ticket\":\"PRICE-1432\","
      + "\"author\":\"zo\u00eb@example.com\",\"reason\":null,\"approvedBy\":null,\"pid\":4242,\"host\":\"build-7\","
      + "\"user\":\"alice\",\"outcome\":\"refused\",\"error\":\"line \\\"3\\\":\\n\\tbad \\\\ value\","
      + "\"prevHash\":\"" + HASH_1 + "\"}";

  private static final Pattern LAST_TWO = Pattern.compile("^(.*),\"prevHash\":\"([0-9a-f]{64})\",\"hash\":\"([0-9a-f]{64})\"}$");

  @TempDir
  Path dir;

  @Test
  void sha256_knownAnswers() throws Exception {
    assertThat(sha256(ZEROS + RECORD_1)).isEqualTo(HASH_1);
    assertThat(sha256(HASH_1 + RECORD_2)).isEqualTo(HASH_2);
  }

  @Test
  void verifier_acceptsTheKnownAnswerLines_andRejectsAnyOtherHash() throws IOException {
    Path file = dir.resolve("known.jsonl");
    String line1 = withHash(RECORD_1, HASH_1);
    String line2 = withHash(RECORD_2, HASH_2);
    Files.writeString(file, line1 + "\n" + line2 + "\n", StandardCharsets.UTF_8);
    assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(2, null));

    Files.writeString(file, line1 + "\n" + withHash(RECORD_2, HASH_1) + "\n", StandardCharsets.UTF_8);
    assertThat(AuditVerifier.verify(file).broken())
        .isEqualTo("line 2: hash does not match the record's content: the record was edited");
  }

  @Test
  void hmac_knownAnswer_andVerifierWithKey() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(HexFormat.of().formatHex(mac.doFinal((ZEROS + RECORD_1).getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(HMAC_1);

    Path key = dir.resolve("audit.key");
    Files.writeString(key, KEY, StandardCharsets.UTF_8);
    Path file = dir.resolve("keyed.jsonl");
    Files.writeString(file, withHash(RECORD_1, HMAC_1) + "\n", StandardCharsets.UTF_8);
    assertThat(AuditVerifier.verify(file, ChainHash.readKey(key), 1)).isEqualTo(new AuditVerifier.Verdict(1, null));
    assertThat(AuditVerifier.verify(file).broken()).isEqualTo("line 1: hash does not match the record's content:"
        + " the record was edited (or the log was written with auditKey=: verify it with --key)");
  }

  /** Every record the log writes, plain or keyed, checks by the computation written here. */
  @Test
  void appendedRecords_matchAnIndependentComputation() throws Exception {
    Path key = dir.resolve("audit.key");
    Files.writeString(key, KEY, StandardCharsets.UTF_8);
    for (ChainHash chain : List.of(ChainHash.SHA256, ChainHash.readKey(key))) {
      Path file = dir.resolve("written-" + chain.keyed() + ".jsonl");
      try (AuditLog log = AuditLog.open(file, chain)) {
        log.append(AuditEvent.of("agent-started", null, "ok", null));
        log.append(AuditEvent.of("manifest-rejected", "cd".repeat(32), "refused", "line \"3\"\n\tbad \\ \u00e9"));
      }
      String prev = ZEROS;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        Matcher m = LAST_TWO.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        assertThat(m.group(2)).as("prevHash of " + line).isEqualTo(prev);
        String input = prev + m.group(1) + ",\"prevHash\":\"" + prev + "\"}";
        String expected = chain.keyed() ? hmac(input) : sha256(input);
        assertThat(m.group(3)).as("hash of " + line).isEqualTo(expected);
        prev = expected;
      }
    }
  }

  private static String withHash(String record, String hash) {
    return record.substring(0, record.length() - 1) + ",\"hash\":\"" + hash + "\"}";
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String hmac(String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }
}
