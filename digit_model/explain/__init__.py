"""Why this answer: which ink carried it (occlusion) and which training digits the drawing resembles (neighbours)."""
