"""One Pose Landmarker call per frame, made on the caller's thread, with its landmarks as arrays.

mediapipe's Python wrapper hands every C call to a dispatcher thread of its own and waits for it,
then builds one Python object per landmark (66 per person). In the live loop, where posecoach's
drawing and decoding threads also want the GIL, those two thread hand-offs per frame cost about
0.8 ms (5% of the inference). A landmarker is only ever called by one thread at a time here, so
its C functions are called directly and the landmarks read straight into numpy. Where mediapipe's
internals differ from the ones this was written for (1.2.x), the public API is used instead.

Every call into mediapipe's library through ctypes gives up the GIL, and taking it back waits for
whichever Python thread ran meanwhile. The calls that take microseconds (making an image, freeing
it and a result) therefore keep it: in the live loop the next frame's image is made just as the
coach's analysis of the last one starts, and waiting for the GIL there cost 0.5 ms a frame.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mediapipe as mp
import numpy as np


def _record(struct: Any) -> np.dtype:
    """The numpy view of a ctypes landmark struct: its float and flag fields at their offsets."""
    kinds = {ctypes.c_float: "=f4", ctypes.c_bool: "?"}  # native byte order, as ctypes lays them out
    fields = [(name, kinds[kind]) for name, kind in struct._fields_ if kind in kinds]
    return np.dtype(
        {
            "names": [name for name, _ in fields],
            "formats": [kind for _, kind in fields],
            "offsets": [getattr(struct, name).offset for name, _ in fields],
            "itemsize": ctypes.sizeof(struct),
        }
    )


try:
    from mediapipe.tasks.python.components.containers import landmark_c as _landmark_c
    from mediapipe.tasks.python.core import mediapipe_c_bindings as _bindings
    from mediapipe.tasks.python.core import mediapipe_c_utils as _c_utils
    from mediapipe.tasks.python.vision import pose_landmarker as _pose_c
    from mediapipe.tasks.python.vision.core import image as _image_c

    #: MediaPipe's landmark records (x, y, z, visibility and presence with their flags, name).
    _RECORD: np.dtype | None = _record(_landmark_c.MpNormalizedLandmarkC)
    _WORLD_RECORD: np.dtype | None = _record(_landmark_c.MpLandmarkC)
except (ImportError, AttributeError, KeyError):  # another mediapipe: the public API only
    _RECORD = _WORLD_RECORD = None


def _held_library() -> Any:
    """mediapipe's C library (the one already loaded) with its image functions, and the freeing of
    a pose result and an error, called keeping the GIL (``ctypes.PyDLL``); None where its internals
    differ."""
    try:
        shared = _bindings.load_raw_library(_image_c._CTYPES_SIGNATURES)
        held = ctypes.PyDLL(shared._name, handle=shared._handle)
        for signature in _image_c._CTYPES_SIGNATURES:
            function = getattr(held, signature.func_name)
            function.argtypes, function.restype = signature.argtypes, signature.restype
        for name in ("MpPoseLandmarkerCloseResult", "MpErrorFree"):
            function, declared = getattr(held, name), getattr(shared, name)
            function.argtypes, function.restype = declared.argtypes, declared.restype
        return held
    except (NameError, AttributeError, OSError, TypeError):
        return None


_HELD = _held_library() if _RECORD is not None else None


def rgb_image(rgb: np.ndarray) -> mp.Image:
    """An RGB uint8 array (height x width x 3) as MediaPipe's image (a copy)."""
    if _HELD is None or rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3 or not rgb.flags.c_contiguous:
        return mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
    made = mp.Image.__new__(mp.Image)
    made._lib = _HELD  # its methods and its freeing keep the GIL too
    made._image_ptr = ctypes.c_void_p()
    error = ctypes.c_char_p()
    status = _HELD.MpImageCreateFromUint8Data(
        mp.ImageFormat.SRGB,
        rgb.shape[1],
        rgb.shape[0],
        rgb.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)),
        rgb.size,
        ctypes.byref(made._image_ptr),
        ctypes.byref(error),
    )
    try:
        _c_utils.handle_status(status, error)
    finally:
        if error.value is not None:
            _HELD.MpErrorFree(error)
    return made


@dataclass(frozen=True)
class Found:
    """One person's landmarks as MediaPipe gave them: image (normalised x, y, z), world (metres),
    visibility and presence (0 where MediaPipe gave none)."""

    image: np.ndarray
    world: np.ndarray
    visibility: np.ndarray
    presence: np.ndarray


def _scores(records: np.ndarray, name: str) -> np.ndarray:
    return np.where(records[f"has_{name}"], records[name], 0.0).astype(float)


def _records(landmarks: Any, record: Any) -> np.ndarray:
    """A view of a C array of landmark structs (valid until MediaPipe frees the result)."""
    count, address = landmarks.landmarks_count, ctypes.cast(landmarks.landmarks, ctypes.c_void_p).value
    return np.frombuffer((ctypes.c_char * (count * record.itemsize)).from_address(address), dtype=record)


def _read(struct: Any) -> list[Found]:
    """Everyone in a ``MpPoseLandmarkerResult``, copied out before MediaPipe frees it."""
    found = []
    for i in range(min(struct.pose_landmarks_count, struct.pose_world_landmarks_count)):
        image, world = struct.pose_landmarks[i], struct.pose_world_landmarks[i]
        if not image.landmarks_count or not world.landmarks_count:
            continue
        lms, wlms = _records(image, _RECORD), _records(world, _WORLD_RECORD)
        found.append(
            Found(
                image=np.stack([lms["x"], lms["y"], lms["z"]], axis=1).astype(float),
                world=np.stack([wlms["x"], wlms["y"], wlms["z"]], axis=1).astype(float),
                visibility=_scores(lms, "visibility"),
                presence=_scores(lms, "presence"),
            )
        )
    return found


def from_result(result: Any) -> list[Found]:
    """Everyone in the public API's ``PoseLandmarkerResult``."""
    found = []
    for image_lms, world_lms in zip(result.pose_landmarks, result.pose_world_landmarks):
        found.append(
            Found(
                image=np.array([(lm.x, lm.y, lm.z) for lm in image_lms], dtype=float).reshape(-1, 3),
                world=np.array([(lm.x, lm.y, lm.z) for lm in world_lms], dtype=float).reshape(-1, 3),
                visibility=np.array([lm.visibility or 0.0 for lm in image_lms], dtype=float),
                presence=np.array([lm.presence or 0.0 for lm in image_lms], dtype=float),
            )
        )
    return found


def detector(landmarker: Any, *, video: bool, direct: bool = True) -> Callable[[mp.Image, int], list[Found]]:
    """``detect(image, timestamp_ms)`` for ``landmarker`` (VIDEO mode when ``video``, else IMAGE
    mode, which ignores the timestamp): the people it finds. ``direct=False`` always goes through
    the public API (the tests compare the two)."""
    native = _native(landmarker, video) if direct else None
    if native is not None:
        return native
    if video:
        return lambda image, ts: from_result(landmarker.detect_for_video(image, ts))
    return lambda image, ts: from_result(landmarker.detect(image))


def _native(landmarker: Any, video: bool) -> Callable[[mp.Image, int], list[Found]] | None:
    if _RECORD is None:
        return None
    try:
        lib = landmarker._lib._lib  # the raw ctypes library behind mediapipe's dispatcher
        handle = landmarker._handle
        run = lib.MpPoseLandmarkerDetectForVideo if video else lib.MpPoseLandmarkerDetectImage
        close = (_HELD or lib).MpPoseLandmarkerCloseResult
        free = (_HELD or lib).MpErrorFree
        result_type = _pose_c.MpPoseLandmarkerResultC
        handle_status = _c_utils.handle_status
    except AttributeError:
        return None
    # The argument types mediapipe declared: (handle, image, options, [timestamp,] result, error).
    if not run.argtypes or len(run.argtypes) != (6 if video else 5):
        return None

    def detect(image: mp.Image, ts: int) -> list[Found]:
        result, error = result_type(), ctypes.c_char_p()
        args = (handle, image._image_ptr, None, ts) if video else (handle, image._image_ptr, None)
        status = run(*args, ctypes.byref(result), ctypes.byref(error))
        try:
            handle_status(status, error)  # raises mediapipe's own error on a failure
        finally:
            if error.value is not None:
                free(error)
        try:
            return _read(result)
        finally:
            close(ctypes.byref(result))

    return detect
