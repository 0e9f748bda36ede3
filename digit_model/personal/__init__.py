"""A visitor's own labelled digits, and the shipped model adapted to them."""
