"""PyInstaller entry script: the frozen `gdexplorer` executable starts here."""
import sys

from gdexplorer.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
