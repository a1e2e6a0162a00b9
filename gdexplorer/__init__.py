"""gdexplorer: a desktop explorer for gradient descent."""
from gdexplorer._version import __version__

__all__ = ["__version__"]
