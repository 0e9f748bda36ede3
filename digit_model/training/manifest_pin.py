"""The SHA-256 of the shipped models' manifest, pinned in code (training into the shipped folder rewrites it).

The manifest lists every model file's hash, so whoever can replace a model file can rewrite its
hash there too. They cannot change this line without a change to the code that review sees.
"""

MANIFEST_SHA256 = "2045c8d4f0420f2539908c76776b280fa8f17ef60ebdf1e76672550d31aefe99"
