"""Run every benchmark in this folder, one after the other: `make bench`."""
import pathlib
import runpy
import sys

HERE = pathlib.Path(__file__).parent

if __name__ == "__main__":
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n===== {script.name} =====", flush=True)
        sys.argv = [str(script)]
        runpy.run_path(str(script), run_name="__main__")
