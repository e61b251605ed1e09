"""Counting on the real recordings under camera-like changes they were not recorded with.

    python benchmarks/perturbed.py [FOLDER ...] [--only PREFIX]

posecoach is also measured on people and cameras it has no landmarks of. Each recording (default:
those of ``benchmarks/real_people.py``) is analysed as it is and changed the way another camera
would change it (`tests/recording_changes.py`), against the same hand-counted truth:

- ``mirror``: filmed from the other side (x flipped, MediaPipe's left and right exchanged, the
  truth's sides too);
- ``15fps``: every other frame of a 30 fps recording (a slower webcam);
- ``zoom0.6``: the person at 0.6 of the size in the frame (further from the camera);
- ``cutN``: the first N seconds cut (no still start, a start mid-movement); a rep that began
  before the cut, or within half a second after it, may be counted or not;
- ``noiseS``: every landmark moved by seeded Gaussian noise of S of the frame (a smaller or darker
  camera).

It prints the recordings' own landmark noise, then, per change, the runs counted exactly and the
ones that were not.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from real_people import DEFAULT_FOLDERS, SIDES, clips  # noqa: E402
from real_truth import expected  # noqa: E402
from recording_changes import CHANGES, load  # noqa: E402

#: Landmarks whose frame-to-frame noise is reported: nose, shoulders, wrists, hips.
TRACKED = [0, 11, 12, 15, 16, 23, 24]


def frame_noise(image: np.ndarray) -> float:
    """A recording's own landmark noise, as a share of the frame: the spread of the second
    difference (which a smooth movement barely has; a fast one, jumping jacks, adds to it),
    robustly (median absolute value), over the tracked landmarks' x and y."""
    xy = image[:, TRACKED, :2]
    second = np.abs(xy[2:] - 2 * xy[1:-1] + xy[:-2])
    # For white noise the second difference has sqrt(6) times its spread; 1.4826 turns a median
    # absolute value into a standard deviation.
    return float(1.4826 * np.nanmedian(second) / np.sqrt(6))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--only", help="only the clips whose name starts with this")
    args = parser.parse_args()

    from posecoach.exercises import get_exercise
    from posecoach.offline import analyze_recording

    paths = clips(args.folders or list(DEFAULT_FOLDERS), args.only)
    missed: dict[str, list[str]] = {name: [] for name in CHANGES}
    runs, noise_levels = 0, []  # (noise, clip) per recording
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            original = json.loads(path.read_text())
            arrays = load(path.with_suffix(".npz"))
            noise_levels.append((frame_noise(arrays["image"]), path.stem))
            for exercise in original["analyze_as"]:
                runs += 1
                per_side = get_exercise(exercise).per_side
                for name, change in CHANGES.items():
                    changed, meta = change(arrays, original)
                    recording = Path(tmp) / "changed.npz"
                    np.savez(recording, **changed)
                    counts = analyze_recording(recording, exercise).counts
                    allowed = expected(meta)
                    if not allowed.allows(counts, per_side):
                        keys = (*SIDES, "total") if per_side else ("total",)
                        got = "/".join(str(counts[k]) for k in keys)
                        want = "/".join(allowed.show(k) for k in keys)
                        missed[name].append(f"{path.stem} as {exercise}: {got}, truth {want}")
    levels = sorted(noise_levels, reverse=True)
    largest = ", ".join(f"{stem} {level:.5f}" for level, stem in levels[:3])
    print(
        f"the recordings' own landmark noise, frame to frame, as a share of the frame: median "
        f"{np.median([level for level, _ in levels]):.5f} over {len(levels)}; largest: {largest}"
    )
    for name, lines in missed.items():
        print(f"{name:12} {runs - len(lines)} of {runs} runs exact")
        for line in lines:
            print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
