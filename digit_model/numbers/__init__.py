"""Whole numbers: split a written number into its digits and read each one (:func:`reading.read_number`),
and the synthetic numbers of the number benchmark (:mod:`synthetic`, :mod:`benchmark`)."""
