"""Side-by-side benchmark: momento-web in Pyodide, the official web SDK and a hand-written floor, in one Chromium.

Run with ``./build.sh bench`` (or ``python -m bench.run`` from the repository root after ``./build.sh``).
"""
