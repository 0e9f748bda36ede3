"""The SHA-256 of the shipped models' manifest, pinned in code (training into the shipped folder rewrites it).

The manifest lists every model file's hash, so whoever can replace a model file can rewrite its
hash there too. They cannot change this line without a change to the code that review sees.
"""

MANIFEST_SHA256 = "ca37f2f733ecfa4a6d657a4a730b090a67cee01cfd65f0df1d103db1d2f581e0"
