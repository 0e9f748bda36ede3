"""The SHA-256 of the shipped models' manifest, pinned in code (training into the shipped folder rewrites it).

The manifest lists every model file's hash, so whoever can replace a model file can rewrite its
hash there too. They cannot change this line without a change to the code that review sees.
"""

MANIFEST_SHA256 = "19f6bdf8c75e89334cce12a5131cc45f7ba4276a02934e503e972300d4562930"
