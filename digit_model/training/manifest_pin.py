"""The SHA-256 of the shipped models' manifest, pinned in code (training into the shipped folder rewrites it).

The manifest lists every model file's hash, so whoever can replace a model file can rewrite its
hash there too. They cannot change this line without a change to the code that review sees.
"""

MANIFEST_SHA256 = "0c9f2b0e8f2052d6bc4be78e6e1431bc50c24d9823a212d24043cf4ad45f55c4"
