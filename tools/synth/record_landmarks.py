"""Landmark recordings of rendered clips, in the format of the shared real-people recordings.

usage: python tools/synth/record_landmarks.py CLIP.mp4 [...] --dest tests/data/variants [--set variants]

Run it with the project's Python (it needs mediapipe, not the renderer). Each CLIP.mp4 needs its
CLIP.truth.json beside it (truth.py). Writes, per clip:
- <clip>.npz: t_s (N,) float64 = frame index / fps; image (N,33,5) float32 = normalized x, y, z,
  visibility, presence (NaN where nobody was found); world (N,33,3) float32 = world landmarks (m);
  width, height, fps.
- <clip>.json: clip, exercise, analyze_as, negative, expected_counts, description, truth {counts,
  reps [{side, start_s, peak_s, end_s, optional, peak_deg, ...}]} (null for a negative), rendered,
  render_command.
Landmarks come the plain way: OpenCV decode, RGB, PoseLandmarker in VIDEO mode, num_poses=1, timestamps
frame index * 1000 / fps, with models/pose_landmarker_full.task.
`--set NAME` takes each clip's description, analyze_as and render arguments from sets_NAME.py.
"""

import argparse
import importlib.util
import json
import os
import sys

import cv2
import mediapipe as mp
import numpy as np
from mediapipe.tasks.python import BaseOptions, vision

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "..", "models", "pose_landmarker_full.task")
STANDING = ["side_bend", "standing_twist"]


def landmarks(video: str, model: str) -> dict:
    """MediaPipe landmarks of every frame of `video`, as the shared recordings hold them."""
    opts = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=model), running_mode=vision.RunningMode.VIDEO, num_poses=1
    )
    cap = cv2.VideoCapture(video)
    fps = float(cap.get(cv2.CAP_PROP_FPS))
    w, h = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    image, world = [], []
    with vision.PoseLandmarker.create_from_options(opts) as lm:
        i = 0
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
            r = lm.detect_for_video(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb), int(round(i * 1000 / fps)))
            if r.pose_landmarks:
                image.append([[p.x, p.y, p.z, p.visibility, p.presence] for p in r.pose_landmarks[0]])
                world.append([[p.x, p.y, p.z] for p in r.pose_world_landmarks[0]])
            else:
                image.append(np.full((33, 5), np.nan))
                world.append(np.full((33, 3), np.nan))
            i += 1
    cap.release()
    n = len(image)
    return dict(
        t_s=np.arange(n, dtype=np.float64) / fps,
        image=np.asarray(image, np.float32).reshape(n, 33, 5),
        world=np.asarray(world, np.float32).reshape(n, 33, 3),
        width=np.int64(w),
        height=np.int64(h),
        fps=np.float64(fps),
    )


def clip_json(name: str, truth: dict, entry: dict | None) -> dict:
    """The recording's description and truth from the renderer's truth (truth.py) and the set entry."""
    ex = truth["exercise"]
    negative = bool(truth["distractor"])
    counts = {k: int(truth["counts"][k]) for k in ("left", "right", "total")}
    if negative:
        counts = {"left": 0, "right": 0, "total": 0}
    reps = []
    for r in truth["reps"]:
        rep = {
            "side": r["side"] or "none",
            "start_s": r["start_s"],
            "peak_s": r["peak_s"],
            "end_s": r["end_s"],
            "optional": None,
            "peak_deg": r["peak_deg"],
        }
        for k in ("peak_shoulder_turn_deg", "peak_hip_turn_deg", "cow_peak_s", "cow_peak_deg"):
            if k in r:
                rep[k] = r[k]
        reps.append(rep)
    args = (entry or {}).get("args")
    if args is None:  # rebuild the command from the renderer's recorded arguments
        ra = truth["render_args"]
        args = " ".join(
            f"--{k.replace('_', '-')} {v}"
            for k, v in ra.items()
            if k not in ("out", "fault", "png_frames") and v is not None
        )
    cam = truth["camera"]
    where = (
        f"Rendered body (Anny, preset {truth['body']['preset']}), view {truth['view']}, camera "
        f"{cam['distance_m']} m away, {cam['height_m']} m high; {truth['width']}x{truth['height']} at "
        f"{truth['fps']:g} fps."
    )
    desc = ((entry or {}).get("desc") or ex.replace("_", " ")).rstrip(".")
    primary = truth.get("primary_metric")
    return {
        "clip": name,
        "exercise": "none" if negative else ex,
        "analyze_as": (entry or {}).get("analyze_as") or (STANDING if negative else [ex]),
        "negative": negative,
        "expected_counts": counts,
        "description": f"{desc[0].upper()}{desc[1:]}. {where}",
        "truth": None if negative else {"counts": counts, "reps": reps, "peak_metric": primary},
        "rendered": True,
        "render_command": f"python tools/synth/render.py {args} --out {name}.mp4",
    }


def load_set(name: str) -> dict:
    spec = importlib.util.spec_from_file_location("sets_" + name, os.path.join(HERE, f"sets_{name}.py"))
    if spec is None or spec.loader is None:
        sys.exit(f"no sets_{name}.py beside this script: pass an existing set name or leave --set out")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return {c["name"]: c for c in mod.CLIPS}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("videos", nargs="+")
    ap.add_argument("--dest", required=True)
    ap.add_argument("--set", help="clip list (sets_NAME.py) with descriptions and render arguments")
    ap.add_argument("--model", default=MODEL)
    a = ap.parse_args()
    if not os.path.exists(a.model):
        sys.exit(f"model not found: {a.model} (pass --model PATH to pose_landmarker_full.task)")
    missing = [v for v in a.videos if not os.path.exists(v[:-4] + ".truth.json")]
    if missing:
        sys.exit(f"no truth beside {missing[0]}: run truth.py on it first")
    entries = load_set(a.set) if a.set else {}
    os.makedirs(a.dest, exist_ok=True)
    for v in a.videos:
        name = os.path.basename(v)[:-4]
        with open(v[:-4] + ".truth.json") as fh:
            truth = json.load(fh)
        rec = landmarks(v, a.model)
        np.savez_compressed(os.path.join(a.dest, name + ".npz"), **rec)
        with open(os.path.join(a.dest, name + ".json"), "w") as fh:
            json.dump(clip_json(name, truth, entries.get(name)), fh, indent=1)
        found = float(np.mean(~np.isnan(rec["image"][:, 0, 0])))
        print(f"{name}: {len(rec['t_s'])} frames, pose found in {found:.1%}", flush=True)


if __name__ == "__main__":
    main()
