"""One Pose Landmarker call per frame, made on the caller's thread, with its landmarks as arrays.

mediapipe's Python wrapper hands every C call to a dispatcher thread of its own and waits for it,
then builds one Python object per landmark (66 per person). In the live loop, where posecoach's
drawing and decoding threads also want the GIL, those two thread hand-offs per frame cost about
5% of the inference. A landmarker is only ever called by one thread at a time here, so its C
functions can be called directly and the landmarks read straight into numpy.

That fast path uses mediapipe's internals (its ctypes declarations and library handle), which
only its 1.2.x releases are known to have. It is taken only when ``private_api()`` finds every
one of them and an image made through them reads back the same pixels, and only for a
landmarker whose C functions are declared as expected; a call that ctypes refuses turns that
landmarker over to the public API for good. A mediapipe with other internals therefore costs
speed, never function: every call then goes through the public Tasks API.

Every call into mediapipe's library through ctypes gives up the GIL, and taking it back waits for
whichever Python thread ran meanwhile. The calls that take microseconds (making an image, freeing
it and a result) therefore keep it (``ctypes.PyDLL``): in the live loop the next frame's image is
made just as the coach's analysis of the last one starts.
"""

from __future__ import annotations

import ctypes
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mediapipe as mp
import numpy as np

log = logging.getLogger(__name__)

#: The landmark record fields the fast path reads.
_LANDMARK_FIELDS = ("x", "y", "z", "visibility", "presence", "has_visibility", "has_presence")
_RESULT_FIELDS = ("pose_landmarks", "pose_landmarks_count", "pose_world_landmarks", "pose_world_landmarks_count")
_LIST_FIELDS = ("landmarks", "landmarks_count")
#: Errors that mean mediapipe's internals are not the ones the fast path was written for.
_UNEXPECTED = (ImportError, AttributeError, KeyError, TypeError, ValueError, OSError, ctypes.ArgumentError)


@dataclass(frozen=True)
class Found:
    """One person's landmarks as MediaPipe gave them: image (normalised x, y, z), world (metres),
    visibility and presence (0 where MediaPipe gave none)."""

    image: np.ndarray
    world: np.ndarray
    visibility: np.ndarray
    presence: np.ndarray


Detect = Callable[[mp.Image, int], list[Found]]


@dataclass(frozen=True)
class PrivateApi:
    """The mediapipe internals the fast path calls."""

    record: np.dtype  # a normalised landmark struct, as numpy reads it
    world_record: np.dtype  # a world landmark struct
    held: Any  # mediapipe's C library, its image functions called keeping the GIL
    result_type: Any  # the C struct of a pose result
    handle_status: Callable[[int, Any], None]  # raises mediapipe's own error for a status


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


def _has_fields(struct: Any, names: tuple[str, ...]) -> bool:
    return set(names) <= {field[0] for field in struct._fields_}


def _held_library(bindings: Any, image_c: Any) -> Any:
    """mediapipe's C library (the one already loaded) with its image functions, and the freeing of
    a pose result and an error, called keeping the GIL."""
    shared = bindings.load_raw_library(image_c._CTYPES_SIGNATURES)
    held = ctypes.PyDLL(shared._name, handle=shared._handle)
    for signature in image_c._CTYPES_SIGNATURES:
        function = getattr(held, signature.func_name)
        function.argtypes, function.restype = signature.argtypes, signature.restype
    for name in ("MpPoseLandmarkerCloseResult", "MpErrorFree"):
        function, declared = getattr(held, name), getattr(shared, name)
        function.argtypes, function.restype = declared.argtypes, declared.restype
    return held


def _lookup() -> PrivateApi:
    """Every internal the fast path needs; raises one of ``_UNEXPECTED`` if one is missing."""
    from mediapipe.tasks.python.components.containers import landmark_c
    from mediapipe.tasks.python.core import mediapipe_c_bindings, mediapipe_c_utils
    from mediapipe.tasks.python.vision import pose_landmarker
    from mediapipe.tasks.python.vision.core import image as image_c

    result_type = pose_landmarker.MpPoseLandmarkerResultC
    structs = ((landmark_c.MpNormalizedLandmarksC, _LIST_FIELDS), (landmark_c.MpLandmarksC, _LIST_FIELDS))
    if not _has_fields(result_type, _RESULT_FIELDS) or not all(_has_fields(s, names) for s, names in structs):
        raise KeyError("pose result fields")
    record, world_record = _record(landmark_c.MpNormalizedLandmarkC), _record(landmark_c.MpLandmarkC)
    if not set(_LANDMARK_FIELDS) <= set(record.names or ()) & set(world_record.names or ()):
        raise KeyError("landmark fields")
    held = _held_library(mediapipe_c_bindings, image_c)
    return PrivateApi(record, world_record, held, result_type, mediapipe_c_utils.handle_status)


@functools.cache
def private_api() -> PrivateApi | None:
    """mediapipe's internals for the fast path, or None (then the public API is used throughout):
    all found, and a test image made through them reads back the pixels it was made from."""
    try:
        api = _lookup()
        probe = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
        made = _made_image(api, probe)  # kept while its pixels are read: the view is of its buffer
        if not np.array_equal(made.numpy_view(), probe):
            raise ValueError("an image made through the internals reads back other pixels")
    except _UNEXPECTED as error:
        log.info("mediapipe %s: its internals differ (%s); using its public API", mp.__version__, error)
        return None
    return api


def _made_image(api: PrivateApi, rgb: np.ndarray) -> mp.Image:
    """``mp.Image(SRGB, rgb)`` made through the library held with the GIL."""
    made = mp.Image.__new__(mp.Image)
    made._lib = api.held  # its methods and its freeing keep the GIL too
    made._image_ptr = ctypes.c_void_p()
    error = ctypes.c_char_p()
    status = api.held.MpImageCreateFromUint8Data(
        mp.ImageFormat.SRGB,
        rgb.shape[1],
        rgb.shape[0],
        rgb.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)),
        rgb.size,
        ctypes.byref(made._image_ptr),
        ctypes.byref(error),
    )
    try:
        api.handle_status(status, error)
    finally:
        if error.value is not None:
            api.held.MpErrorFree(error)
    return made


def rgb_image(rgb: np.ndarray) -> mp.Image:
    """An RGB uint8 array (height x width x 3) as MediaPipe's image (a copy)."""
    api = private_api()
    if api is None or rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3 or not rgb.flags.c_contiguous:
        return mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
    return _made_image(api, rgb)


def _scores(records: np.ndarray, name: str) -> np.ndarray:
    return np.where(records[f"has_{name}"], records[name], 0.0).astype(float)


def _records(landmarks: Any, record: np.dtype) -> np.ndarray:
    """A view of a C array of landmark structs (valid until MediaPipe frees the result)."""
    count, address = landmarks.landmarks_count, ctypes.cast(landmarks.landmarks, ctypes.c_void_p).value
    return np.frombuffer((ctypes.c_char * (count * record.itemsize)).from_address(address), dtype=record)


def _read(api: PrivateApi, struct: Any) -> list[Found]:
    """Everyone in a ``MpPoseLandmarkerResult``, copied out before MediaPipe frees it."""
    found = []
    for i in range(min(struct.pose_landmarks_count, struct.pose_world_landmarks_count)):
        image, world = struct.pose_landmarks[i], struct.pose_world_landmarks[i]
        if not image.landmarks_count or not world.landmarks_count:
            continue
        lms, wlms = _records(image, api.record), _records(world, api.world_record)
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


class _Refused(Exception):
    """ctypes refused a call into mediapipe's library before making it."""


def detector(landmarker: Any, *, video: bool, direct: bool = True) -> Detect:
    """``detect(image, timestamp_ms)`` for ``landmarker`` (VIDEO mode when ``video``, else IMAGE
    mode, which ignores the timestamp): the people it finds. Through the fast path where it works,
    else (and always with ``direct=False``) through the public API."""

    def public(image: mp.Image, ts: int) -> list[Found]:
        if video:
            return from_result(landmarker.detect_for_video(image, ts))
        return from_result(landmarker.detect(image))

    native = _native(landmarker, video) if direct else None
    if native is None:
        return public
    fast: list[Detect] = [native]  # emptied when the fast path is refused

    def detect(image: mp.Image, ts: int) -> list[Found]:
        if fast:
            try:
                return fast[0](image, ts)
            except _Refused as refused:
                log.warning("mediapipe refused a direct call (%s); using its public API", refused.__cause__)
                fast.clear()
        return public(image, ts)  # the library was not called: the timestamp is still unused

    return detect


def _native(landmarker: Any, video: bool) -> Detect | None:
    """The fast path's ``detect`` for ``landmarker``, or None where its internals differ."""
    api = private_api()
    if api is None:
        return None
    try:
        lib = landmarker._lib._lib  # the raw ctypes library behind mediapipe's dispatcher
        handle = landmarker._handle
        run = lib.MpPoseLandmarkerDetectForVideo if video else lib.MpPoseLandmarkerDetectImage
        close, free = api.held.MpPoseLandmarkerCloseResult, api.held.MpErrorFree
    except AttributeError:
        return None
    # The argument types mediapipe declared: (handle, image, options, [timestamp,] result, error).
    if not run.argtypes or len(run.argtypes) != (6 if video else 5):
        return None

    def detect(image: mp.Image, ts: int) -> list[Found]:
        result, error = api.result_type(), ctypes.c_char_p()
        try:
            args = (handle, image._image_ptr, None, ts) if video else (handle, image._image_ptr, None)
            status = run(*args, ctypes.byref(result), ctypes.byref(error))
        except (ctypes.ArgumentError, AttributeError, TypeError) as refused:
            raise _Refused from refused
        try:
            api.handle_status(status, error)  # raises mediapipe's own error on a failure
        finally:
            if error.value is not None:
                free(error)
        try:
            return _read(api, result)
        finally:
            close(ctypes.byref(result))

    return detect
