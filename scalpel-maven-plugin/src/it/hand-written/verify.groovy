assert new File(basedir, 'hotfix.yaml.sig').isFile() : 'scalpel:sign wrote no signature'
String log = new File(basedir, 'build.log').text
String expected = "hotfix.yaml: valid, 1 patch, checked against the class path, signed by a key in "
assert log.contains(expected) : "build.log lacks: ${expected}"
File[] copies = new File(basedir, 'target').listFiles({ File f -> f.name.startsWith('scalpel-key') } as FileFilter)
assert copies == null || copies.length == 0 : "the copy of the key in ${'$'}SCALPEL_SIGNING_KEY was left behind: ${copies}"
