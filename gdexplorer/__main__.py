"""Entry point: `gdexplorer` and `python -m gdexplorer`."""
import sys


def main(argv=None) -> int:
    from gdexplorer.cli import main as cli_main
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
