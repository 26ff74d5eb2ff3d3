String log = new File(basedir, 'build.log').text
String expected = "[ERROR] com/acme/hotfix/PriceFixes.java:14: com.acme.hotfix.PriceFixes#total: patch 'PRICE-1433':" +
    " class com.acme.pricing.PriceCalculator has no method totl(com.acme.pricing.Cart, int)"
assert log.contains(expected) : "build.log lacks: ${expected}"
assert !new File(basedir, 'target/scalpel/hotfix.yaml').exists() : 'a rejected manifest was written'
