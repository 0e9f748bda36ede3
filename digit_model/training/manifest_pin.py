"""The SHA-256 of the shipped models' manifest, pinned in code (training into the shipped folder rewrites it).

The manifest lists every model file's hash, so whoever can replace a model file can rewrite its
hash there too. They cannot change this line without a change to the code that review sees.
"""

MANIFEST_SHA256 = "c96b68a332919b9cf05b1c566dd62b77948daafaacd7713f23794c28ac7d445b"
