"""Is it a digit at all? A check that flags drawings far from every training digit, and non-digit drawings to test it on."""
