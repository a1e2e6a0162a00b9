"""What the views draw, as plain numpy: sampled landscapes and their height scales, contour
segments, the gradient-arrow field, curve scales, typeset formulas, CSV exports.

No Qt here (an import-linter contract): the layers are core < scene < app < ui, and everything in
this package is tested without a display.
"""
