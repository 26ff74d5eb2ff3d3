import java.security.MessageDigest

File folder = new File(basedir, 'target/scalpel')
File jar = new File(folder, 'passing-fix-1.0.jar')
assert jar.isFile() : "the fix jar was not copied next to the manifest: ${jar}"
String sha = MessageDigest.getInstance('SHA-256').digest(jar.bytes).encodeHex().toString()
String manifest = new File(folder, 'hotfix.yaml').text
String expected = """\
  - id: "PRICE-1432"
    target: "com.acme.pricing.PriceCalculator#total(com.acme.pricing.Cart, int)"
    fix: "com.acme.hotfix.PriceFixes#total"
    jar: "passing-fix-1.0.jar"
    sha256: "${sha}"
    when: "com.acme.hotfix.PriceFixes#bundles"
    rollout: "10%"
    stickyBy: "arg0"
    ticket: "PRICE-1432"
    reason: "Bundle discount applied twice"
"""
assert manifest.endsWith(expected) : "unexpected manifest:\n${manifest}"
String log = new File(basedir, 'build.log').text
assert new File(folder, 'hotfix.yaml.sig').isFile() : 'scalpel:sign wrote no signature'
assert log.contains("target/scalpel/hotfix.yaml: valid, 1 patch, checked against the class path, signed by a key in ") :
    'scalpel:validate did not accept the manifest and its signature'
