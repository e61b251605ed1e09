"""Rebuild models/pose_landmarker_full.task from the tflite files a mediapipe 0.10.x wheel ships.

The Tasks API (mediapipe >= 0.10 and 1.x) loads a ``.task`` bundle: an aligned, uncompressed zip
holding ``pose_detector.tflite`` and ``pose_landmarks_detector.tflite``. It refuses float-input
models whose TFLite metadata lacks NormalizationOptions, and the legacy tflite files carry none,
so this script adds it:

- detector input in [-1, 1]: mean 127.5, std 127.5
- landmark input in [0, 1]:  mean 0,     std 255

Run it with mediapipe 0.10.x installed (its metadata writer works; the one in 1.2.x fails to
import), for example::

    python -m venv /tmp/mp010 && /tmp/mp010/bin/pip install mediapipe==0.10.21
    /tmp/mp010/bin/python models/build_bundle.py

It prints the bundle's sha256; put it in models/README.md and posecoach/pose/model.py.

The heavy model is not in any wheel, but Google's npm package ``@mediapipe/pose`` (Apache-2.0) ships
it beside the same full model. ``--landmarks`` bundles it with the wheel's detector::

    npm pack @mediapipe/pose@0.5.1675469404 && tar xzf mediapipe-pose-0.5.1675469404.tgz
    /tmp/mp010/bin/python models/build_bundle.py --landmarks package/pose_landmark_heavy.tflite

(writes models/pose_landmarker_heavy.task; use it with ``--model``).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import zipfile
from pathlib import Path

SOURCES = {
    "pose_detector.tflite": ("modules/pose_detection/pose_detection.tflite", 127.5, 127.5),
    "pose_landmarks_detector.tflite": ("modules/pose_landmark/pose_landmark_full.tflite", 0.0, 255.0),
}


def _with_metadata(model: bytes, name: str, variant: str, mean: float, std: float) -> bytes:
    from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer, writer_utils

    writer = metadata_writer.MetadataWriter.create(bytearray(model))
    writer.add_general_info(name, f"BlazePose GHUM 3D ({variant}), repackaged for the Tasks API")
    writer.add_image_input(norm_mean=[mean], norm_std=[std])
    for _ in writer_utils.get_output_tensor_types(bytearray(model)):
        writer.add_feature_output()
    content, _json = writer.populate()
    return bytes(content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--landmarks", type=Path, help="a pose_landmark_<variant>.tflite to use instead of the wheel's full one"
    )
    parser.add_argument("--out", type=Path, help="default: models/pose_landmarker_<variant>.task")
    args = parser.parse_args()
    variant = args.landmarks.stem.rsplit("_", 1)[-1] if args.landmarks else "full"
    out = args.out or Path(__file__).with_name(f"pose_landmarker_{variant}.task")

    import mediapipe
    from mediapipe.tasks.python.metadata.metadata_writers import model_asset_bundle_utils

    if not mediapipe.__version__.startswith("0.10."):
        print(f"need mediapipe 0.10.x (found {mediapipe.__version__}); see this file's docstring", file=sys.stderr)
        return 2
    root = Path(mediapipe.__file__).parent
    models = {}
    for bundle_name, (relpath, mean, std) in SOURCES.items():
        source = root / relpath
        origin = f"mediapipe {mediapipe.__version__} {relpath}"
        if args.landmarks and bundle_name == "pose_landmarks_detector.tflite":
            source, origin = args.landmarks, str(args.landmarks)
        models[bundle_name] = _with_metadata(source.read_bytes(), bundle_name, variant, mean, std)
        print(f"{bundle_name}: from {origin} sha256 {hashlib.sha256(source.read_bytes()).hexdigest()}")
    # Fixed timestamps make the bundle byte-reproducible (create_model_asset_bundle stamps "now").
    with model_asset_bundle_utils.AlignZipFile(out, mode="w", alignment=4) as bundle:
        for bundle_name, content in models.items():
            info = zipfile.ZipInfo(bundle_name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            bundle.writestr(info, content)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    print(f"wrote {out} ({out.stat().st_size} bytes) sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
