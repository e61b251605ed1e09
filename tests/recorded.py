"""Real MediaPipe landmarks of the longer test clips, recorded once and kept in tests/data/poses.

Estimating a clip costs 5-30 s of CPU, and most tests of a clip test the analysis, not MediaPipe.
Those tests read the clip's recording: the poses ``posecoach analyze`` estimated on every frame,
recorded by real MediaPipe through the same path (``FilePoses``). A recording is used only while
it is current: made from the same video bytes, with the same mediapipe, model and estimator
settings. Otherwise the clip is estimated afresh (slow, still
right), and ``tests/test_recorded.py`` fails, naming the command that records them again:

    python tests/recorded.py

Each exercise keeps real-MediaPipe end-to-end tests on clips not recorded here (tests/data/README.md).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).parent / "data"
FOLDER = DATA / "poses"
ROOT = Path(__file__).parent.parent
#: Parts as ``posecoach analyze`` cuts a file on a 2-core machine, whatever machine records it.
WORKERS = 2

#: The clips recorded, relative to tests/data.
CLIPS = (
    "clips/side_bend_front.mp4",
    "clips/side_bend_hip_shift.mp4",
    "clips/standing_twist_front.mp4",
    "clips/standing_twist_hips_rotating.mp4",
    "clips/seated_twist_front.mp4",
    "clips/cat_cow_side.mp4",
    "clips/forward_fold_side.mp4",
    "clips/cat_cow_all_fours_side.mp4",
    "clips/cat_cow_all_fours_hips_shifting.mp4",
    "run_side_bend.mp4",
    "bodies/twf_older_female_A.mp4",
    "bodies/stf_short_heavy_female_A.mp4",
    "bodies/sbf_muscular_male_B.mp4",
    "bodies/ccf_tall_thin_male_A.mp4",
    "bodies/fff_female_A.mp4",
    "bodies/ff_short_heavy_female_B.mp4",
    "bodies/chk_st_neck_heavy_male_A.mp4",
    "bodies/tw_muscular_male_B_crossed.mp4",
    "bodies/tw_heavy_male_A_crossed.mp4",
    "bodies/tw_short_heavy_female_B_hips.mp4",
    "bodies/tw_tall_thin_male_hips_lean.mp4",
    "bodies/tw_short_heavy_female_hips_lean_high.mp4",
    "bodies/tw_older_female_A_hips.mp4",
    "bodies/conf_sb_6m.mp4",
    "bodies/conf_tw_oblique.mp4",
    "bodies/fh_35_short_heavy_female_right.mp4",
    "bodies/fh_40_male_right.mp4",
    "bodies/fh_55_muscular_male_low.mp4",
    "bodies/fp_older_female.mp4",
    "bodies/fit_cc_4m.mp4",
    "bodies/fit_st_hold.mp4",
    "bodies/fit_tw_far_lean.mp4",
    "bodies/fit_sb_shallow_hd_side.mp4",
    "bodies/hc_st_tall_a.mp4",
    "bodies/hc_cc_knees.mp4",
    "bodies/hc_tw_far_a.mp4",
    "bodies/hc_sb_vga_side.mp4",
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def provenance(video: Path) -> dict[str, str]:
    """What a recording of ``video`` depends on; a recording is current while all of it is equal."""
    import mediapipe

    from posecoach.pose.estimator import EstimatorSettings
    from posecoach.pose.model import resolve_model

    return {
        "video": _sha256(Path(video).read_bytes()),
        "mediapipe": mediapipe.__version__,
        "model": resolve_model(None).sha256,
        "settings": repr(EstimatorSettings()),
        "workers": str(WORKERS),
    }


def path_of(clip: str) -> Path:
    """Where ``clip``'s recording is kept."""
    return FOLDER / (clip.replace("/", "__").removesuffix(".mp4") + ".npz")


_ARRAYS = {"image": (33, 3), "visibility": (33,), "presence": (33,), "world": (33, 3)}


def write_poses(path: Path, poses: list, meta: dict[str, Any]) -> None:
    """Save every frame's pose of one video (all of one frame size) and ``meta`` to ``path`` (.npz).

    MediaPipe gives float32: stored as such, the values read back are exactly MediaPipe's."""
    seen = [pose for pose in poses if not pose.is_empty]
    size = {(pose.width, pose.height) for pose in poses}
    assert len(size) <= 1, "one video's poses, all of one frame size"
    (width, height) = size.pop() if size else (1, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        meta=np.array(json.dumps({**meta, "width": width, "height": height})),
        t_ms=np.array([pose.t_ms for pose in poses], dtype=np.int64),
        present=np.array([not pose.is_empty for pose in poses], dtype=bool),
        **{
            name: np.array([getattr(pose, name) for pose in seen], dtype=np.float32).reshape(-1, *shape)
            for name, shape in _ARRAYS.items()
        },
    )


def read_poses(path: Path) -> tuple[list, dict[str, Any]]:
    """The poses and meta that ``write_poses`` saved."""
    from posecoach.pose.types import Pose

    with np.load(path) as data:
        meta: dict[str, Any] = json.loads(str(data["meta"]))
        arrays = {name: data[name].astype(float) for name in _ARRAYS}
        t_ms, present = data["t_ms"].tolist(), data["present"].tolist()
    width, height, row = meta["width"], meta["height"], 0
    poses = []
    for t, seen in zip(t_ms, present, strict=True):
        if not seen:
            poses.append(Pose.empty(t, width, height))
            continue
        poses.append(Pose(t, width, height, **{name: value[row] for name, value in arrays.items()}))
        row += 1
    return poses, meta


class Recording:
    """One clip's recorded poses, with the file facts ``FilePoses`` gives."""

    def __init__(self, clip: str) -> None:
        self._poses, self.meta = read_poses(path_of(clip))

    @property
    def current(self) -> bool:
        made = self.meta["provenance"]
        return all(made.get(key) == value for key, value in provenance(DATA / self.meta["clip"]).items())

    def poses(self) -> list:
        """Every frame's pose, as MediaPipe gave it."""
        return list(self._poses)


class _RecordedPoses:
    """A stand-in for ``FilePoses`` that gives a recording's poses (no frames)."""

    def __init__(self, recording: Recording) -> None:
        from posecoach.pose.model import resolve_model

        self.fps, self.frame_count = recording.meta["fps"], recording.meta["frame_count"]
        self.model = resolve_model(None)
        self._poses = recording.poses()

    def __enter__(self) -> _RecordedPoses:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def __iter__(self) -> Iterator[tuple[int, Any, None]]:
        for index, pose in enumerate(self._poses):
            yield index, pose, None


def current(video: Path) -> Recording | None:
    """The current recording of ``video`` (a path under tests/data), or None."""
    clip = Path(video).resolve().relative_to(DATA.resolve()).as_posix()
    if clip not in CLIPS or not path_of(clip).exists():
        return None
    recording = Recording(clip)
    return recording if recording.current else None


@contextmanager
def _replaying(recording: Recording | None) -> Iterator[None]:
    import pytest

    import posecoach.offline

    with pytest.MonkeyPatch.context() as patch:
        if recording is not None:
            patch.setattr(posecoach.offline, "FilePoses", lambda *args, **kwargs: _RecordedPoses(recording))
        yield


def analyze_clip(video: Path, exercise: str, **kwargs: Any):
    """``posecoach.offline.analyze_file`` on a test clip, from its recorded poses when current."""
    from posecoach.offline import analyze_file

    with _replaying(current(video)):
        return analyze_file(video, exercise, **kwargs)


def clip_poses(video: Path) -> list:
    """Every frame's pose of a test clip as ``posecoach analyze`` estimates it (recorded when current)."""
    recording = current(video)
    if recording is not None:
        return recording.poses()
    from posecoach.pose.offline import FilePoses

    with FilePoses(video, workers=WORKERS) as source:
        return [pose for _, pose, _ in source]


def record(clip: str) -> Path:
    """Estimate ``clip`` with real MediaPipe as ``posecoach analyze`` does, and save its poses."""
    from posecoach.pose.offline import FilePoses

    video = DATA / clip
    with FilePoses(video, workers=WORKERS) as source:
        poses = [pose for _, pose, _ in source]
        facts = {"fps": source.fps, "frame_count": source.frame_count}
    write_poses(path_of(clip), poses, {"clip": clip, **facts, "provenance": provenance(video)})
    return path_of(clip)


def main(argv: list[str]) -> int:
    """Record every clip whose recording is missing or not current (``--all``: every clip)."""
    for clip in CLIPS:
        if "--all" in argv or current(DATA / clip) is None:
            print(f"recording {clip} ...", flush=True)
            record(clip)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
