"""Real MediaPipe landmarks of the longer test clips, recorded once and kept in tests/data/poses.

Estimating a clip costs 5-30 s of CPU, and most tests of a clip test the analysis, not MediaPipe.
Those tests read the clip's recording: the poses ``posecoach analyze`` estimated on every frame,
recorded by real MediaPipe through the same path (``FilePoses``). A recording is used only while
it is current: made from the same video bytes, with the same mediapipe, model and code of
``posecoach.pose`` and ``posecoach.video``. Otherwise the clip is estimated afresh (slow, still
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
#: The code whose change may change the poses: estimation, tracking, the user's choice, decoding.
CODE = ("posecoach/pose", "posecoach/video")
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
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def provenance(video: Path) -> dict[str, str]:
    """What a recording of ``video`` depends on; a recording is current while all of it is equal."""
    import mediapipe

    from posecoach.pose.estimator import EstimatorSettings
    from posecoach.pose.model import resolve_model

    code = hashlib.sha256()
    for folder in CODE:
        for source in sorted((ROOT / folder).glob("*.py")):
            code.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return {
        "video": _sha256(Path(video).read_bytes()),
        "mediapipe": mediapipe.__version__,
        "model": resolve_model(None).sha256,
        "settings": repr(EstimatorSettings()),
        "code": code.hexdigest(),
        "workers": str(WORKERS),
    }


def path_of(clip: str) -> Path:
    """Where ``clip``'s recording is kept."""
    return FOLDER / (clip.replace("/", "__").removesuffix(".mp4") + ".npz")


class Recording:
    """One clip's recorded poses, with the file facts ``FilePoses`` gives."""

    def __init__(self, clip: str) -> None:
        with np.load(path_of(clip)) as data:
            self.meta: dict[str, Any] = json.loads(str(data["meta"]))
            self.t_ms = data["t_ms"]
            self.present = data["present"]
            self.arrays = {name: data[name].astype(float) for name in ("image", "visibility", "presence", "world")}

    @property
    def current(self) -> bool:
        return self.meta["provenance"] == provenance(DATA / self.meta["clip"])

    def poses(self) -> list:
        """Every frame's pose, as MediaPipe gave it."""
        from posecoach.pose.types import Pose

        width, height, row = self.meta["width"], self.meta["height"], 0
        out = []
        for t_ms, present in zip(self.t_ms.tolist(), self.present.tolist(), strict=True):
            if not present:
                out.append(Pose.empty(t_ms, width, height))
                continue
            out.append(Pose(t_ms, width, height, **{name: value[row] for name, value in self.arrays.items()}))
            row += 1
        return out


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

    import posecoach.analyze

    with pytest.MonkeyPatch.context() as patch:
        if recording is not None:
            patch.setattr(posecoach.analyze, "FilePoses", lambda *args, **kwargs: _RecordedPoses(recording))
        yield


def analyze_clip(video: Path, exercise: str, **kwargs: Any):
    """``posecoach.analyze.analyze_video`` on a test clip, from its recorded poses when current."""
    from posecoach.analyze import analyze_video

    with _replaying(current(video)):
        return analyze_video(video, exercise, **kwargs)


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
        items = [pose for _, pose, _ in source]
        fps, frame_count, width, height = source.fps, source.frame_count, source.width, source.height
    seen = [pose for pose in items if not pose.is_empty]
    meta = {
        "clip": clip,
        "fps": fps,
        "frame_count": frame_count,
        "width": width,
        "height": height,
        "provenance": provenance(video),
    }
    path = path_of(clip)
    path.parent.mkdir(exist_ok=True)

    def stack(name: str, shape: tuple[int, ...]) -> np.ndarray:
        # MediaPipe gives float32: stored as such, the values are exactly MediaPipe's.
        return np.array([getattr(pose, name) for pose in seen], dtype=np.float32).reshape(-1, *shape)

    np.savez_compressed(
        path,
        meta=np.array(json.dumps(meta)),
        t_ms=np.array([pose.t_ms for pose in items], dtype=np.int64),
        present=np.array([not pose.is_empty for pose in items]),
        image=stack("image", (33, 3)),
        visibility=stack("visibility", (33,)),
        presence=stack("presence", (33,)),
        world=stack("world", (33, 3)),
    )
    return path


def main(argv: list[str]) -> int:
    """Record every clip whose recording is missing or not current (``--all``: every clip)."""
    for clip in CLIPS:
        if "--all" in argv or current(DATA / clip) is None:
            print(f"recording {clip} ...", flush=True)
            record(clip)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
