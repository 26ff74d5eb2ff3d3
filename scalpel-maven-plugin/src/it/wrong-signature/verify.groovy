String log = new File(basedir, 'build.log').text
String expected = "[ERROR] com/acme/hotfix/PriceFixes.java:13: com.acme.hotfix.PriceFixes#total: patch 'PRICE-1432':" +
    " fix com.acme.hotfix.PriceFixes#total does not fit target com.acme.pricing.PriceCalculator#total(com.acme.pricing.Cart, int):" +
    " write static long total(com.acme.pricing.PriceCalculator, com.acme.pricing.Cart, int); found [static total(com.acme.pricing.Cart, int)]"
assert log.contains(expected) : "build.log lacks: ${expected}"
assert !new File(basedir, 'target/scalpel/hotfix.yaml').exists() : 'a rejected build left a manifest behind (prebuild.groovy wrote a stale one)'
