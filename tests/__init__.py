"""The tests, a package mirroring digit_model, so that modules in different folders may share a name."""
