"""The bench scripts import each other by name, as when run from bench/."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
