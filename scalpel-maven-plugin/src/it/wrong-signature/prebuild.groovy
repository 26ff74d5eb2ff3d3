// A manifest from an earlier, good build: the failing build must not leave it to be shipped.
File folder = new File(basedir, 'target/scalpel')
folder.mkdirs()
new File(folder, 'hotfix.yaml').text = 'scalpel: 1\npatches: []\n'
return true
