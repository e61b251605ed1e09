"""The contract metrics and auxiliary signals, relative to the user's neutral. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass

from posecoach.body.calibration import Neutral
from posecoach.body.metrics import WORLD_YAW_GAIN, Measures, beyond_floor, fused_yaw, head_turn_yaw, lower_body_yaw

#: With the elbows as the lever, the world yaw only gives the sign and the small angles: its gain
#: varies 0.34-0.57 between bodies (rendered standing twists), so it is trusted less.
LEVER_WORLD_NOISE_DEG = 12.0
#: The elbows are a lever only when they stand out from the body at neutral (hands on the hips or
#: arms crossed: elbow span 1.6-2.1 shoulder widths); hanging arms (~1.1) swing without the chest.
LEVER_MIN_SPREAD = 1.6
#: ... and are bent up: hands on the hips or arms crossed hold the elbows 0.15-0.45 of the trunk
#: below the shoulders (rendered twists, 8 bodies and cameras), hanging arms 0.53-0.59 (idle,
#: side bends, seated), where a wide body's elbows can stand out as far as a lever's.
LEVER_MAX_ELBOW_HEIGHT = 0.49
#: With the lever, the hands rest on the hips when the wrists hang this far below the shoulders at
#: neutral (rendered twists: hands on the hips 0.62-0.74 torso lengths, arms crossed 0.0-0.2).
HANDS_ON_HIPS_WRIST_HEIGHT = 0.45
#: ... and then the knees alone give the pelvis' turn, less the turn they show in clean turns on
#: a heavy body, removed in quadrature as width jitter is (``lower_body_yaw``): up to 13 deg there
#: (640x480, camera 1.6 m high), 0-9 on three other hands-on-hips bodies; the same body's 40% hip
#: turn reads 19.
HANDS_ON_HIPS_KNEE_FLOOR_DEG = 12.0

#: The neutral's own sideways lean is read only while its hips face the camera: a turned hip line
#: tilts in perspective (seated hips lie well below a camera at chest height; 7.7 deg at 25 deg of
#: yaw on a rendered seated body). MediaPipe's rescaled world hip yaw reads frontal neutrals within
#: 9 deg, bodies filmed 25-28 deg off the front 25-30.
TILT_FRONTAL_HIP_YAW_DEG = 15.0

#: The fold (``fold_deg``) is read from the vertical while the neutral trunk reads within this of
#: it: side-on, MediaPipe reads a trunk sitting upright on the floor 3-10 deg further back than it
#: is, and a folded trunk within ~4 deg (docs/accuracy.md). Beyond the band the rest is a rolled
#: camera or a real lean, and is removed. The fold is counted from the neutral (a still user reads 0).
FOLD_UPRIGHT_BAND_DEG = 10.0

#: Signal names a smoother runs over, in ``Signals`` field order.
SMOOTHED = (
    "lateral_flexion_deg",
    "shoulder_yaw_deg",
    "hip_yaw_deg",
    "spine_flexion_deg",
    "fold_deg",
    "pelvis_shift",
    "lean_deg",
    "head_yaw_deg",
    "head_turn_deg",
    "knee_bend_deg",
    "hip_drop",
    "knee_side_deg",
    "hip_turn_deg",
    "knees_side_deg",
    "fold_from_neutral_deg",
)


@dataclass(frozen=True)
class Signals:
    """One frame's calibrated values (degrees unless named otherwise; NaN = not measurable)."""

    t_s: float
    lateral_flexion_deg: float  # + toward the user's right
    shoulder_yaw_deg: float  # shoulder line's turn from neutral, + toward the user's right
    hip_yaw_deg: float  # pelvis turn from neutral that the rotation is measured against
    spine_flexion_deg: float  # + head forward of the trunk line (cat)
    fold_deg: float  # forward tilt of the trunk from the vertical (FOLD_UPRIGHT_BAND_DEG)
    pelvis_shift: float  # sideways pelvis shift over the feet, torso lengths, + = user's right
    lean_deg: float  # trunk lean toward the camera (forward, facing it)
    head_yaw_deg: float  # head turn from neutral, relative to the camera
    head_turn_deg: float  # head turn relative to the shoulders
    knee_bend_deg: float  # knee flexion added since neutral (3-D)
    hip_drop: float  # how far the hips sank since neutral, torso lengths (knees bending)
    knee_side_deg: float  # near-side knee angle seen side-on (180 = straight)
    hip_turn_deg: float = math.nan  # pelvis turn from the hips' and knees' foreshortening (for hips_rotating)
    # The neutral stance's own sideways lean (shoulder line against hip line at neutral, + toward the
    # user's right): not relative to the neutral, so that a lean held from the start can be seen.
    neutral_tilt_deg: float = math.nan
    knees_side_deg: float = math.nan  # the straighter knee's angle seen side-on (180 = straight)
    fold_from_neutral_deg: float = math.nan  # forward tilt of the trunk since neutral (the fold's count)

    @property
    def trunk_rotation_deg(self) -> float:
        """Shoulder line against hip line in the horizontal plane, + toward the user's right."""
        return self.shoulder_yaw_deg - self.hip_yaw_deg

    def get(self, name: str) -> float:
        return float(getattr(self, name))


def elbows_are_lever(n: Neutral) -> bool:
    """The elbows stood out from the body, bent, at neutral, so their span can show the chest's turn."""
    return bool(
        n["elbow_ratio"] >= LEVER_MIN_SPREAD * n["shoulder_ratio"] and n["elbow_height"] <= LEVER_MAX_ELBOW_HEIGHT
    )


def neutral_tilt(n: Neutral) -> float:
    """The neutral stance's shoulder line against its hip line (NaN when the hips face away)."""
    if not abs(n.values.get("hip_yaw_world_deg", math.nan)) < TILT_FRONTAL_HIP_YAW_DEG:
        return math.nan
    return n.values.get("shoulder_tilt_deg", math.nan)


def fold_reference(neutral_forward_deg: float) -> float:
    """The trunk tilt a fold is measured from: the neutral's, less ``FOLD_UPRIGHT_BAND_DEG``."""
    return math.copysign(max(0.0, abs(neutral_forward_deg) - FOLD_UPRIGHT_BAND_DEG), neutral_forward_deg)


#: A camera off the body's axis by an angle shows a sideways bend of angle a as a tilt of
#: atan(tan(a) cos(angle)) in the image. The angle is the neutral's hip yaw as MediaPipe's world
#: landmarks read it, which is short of the true one (a body turned 50 deg reads ~43): the bend is
#: rescaled by at most that much, never more. Beyond this the view is not taken as facing the camera.
MAX_CAMERA_YAW_DEG = 45.0


def camera_yaw(n: Neutral) -> float:
    """How far the neutral body faces away from the camera, in degrees (0 when unknown)."""
    yaw = abs(n.values.get("hip_yaw_world_deg", math.nan) * WORLD_YAW_GAIN)
    return min(yaw, MAX_CAMERA_YAW_DEG) if math.isfinite(yaw) else 0.0


def unforeshortened(tilt_deg: float, yaw_deg: float) -> float:
    """The sideways bend that shows as ``tilt_deg`` in the image of a body turned ``yaw_deg`` away."""
    if not math.isfinite(tilt_deg) or abs(tilt_deg) >= 90.0:
        return tilt_deg
    return math.degrees(math.atan(math.tan(math.radians(tilt_deg)) / math.cos(math.radians(yaw_deg))))


def _shoulder_yaw(m: Measures, n: Neutral, lever: bool) -> float:
    """The shoulders' turn from neutral: the elbow span's when the arms are a lever, else the shoulder width's."""
    if lever and math.isfinite(m.elbow_ratio) and elbows_are_lever(n):
        return fused_yaw(
            m.elbow_ratio,
            n["elbow_ratio"],
            m.shoulder_yaw_world_deg,
            n["shoulder_yaw_world_deg"],
            LEVER_WORLD_NOISE_DEG,
        )
    else:
        return fused_yaw(m.shoulder_ratio, n["shoulder_ratio"], m.shoulder_yaw_world_deg, n["shoulder_yaw_world_deg"])


def _pelvis_turns(m: Measures, n: Neutral, lever: bool, shoulder_yaw: float) -> tuple[float, float]:
    """(hip_yaw_deg, hip_turn_deg): the pelvis turn the rotation is measured against, and the one
    ``hips_rotating`` reads."""
    # The pelvis turns the way the shoulders do (or not at all): its sign is the shoulders'.
    hip_turn = lower_body_yaw(m.hip_ratio, m.knee_ratio, n["hip_ratio"], n["knee_ratio"])
    hip_turn_signed = math.copysign(hip_turn, shoulder_yaw) if math.isfinite(hip_turn) else 0.0
    hip_yaw = hip_turn_signed
    if lever:
        # With the arms as the lever the hands rest on (or the forearms cross in front of) the hips,
        # and MediaPipe's hip landmarks narrow with the chest's turn (0.3-0.6 of it on rendered
        # twists): the measured rotation takes the pelvis' turn from the knees alone.
        knees = lower_body_yaw(math.nan, m.knee_ratio, n["hip_ratio"], n["knee_ratio"])
        hip_yaw = math.copysign(knees, shoulder_yaw) if math.isfinite(knees) else 0.0
        # The pelvis' share (hips_rotating) takes the knees too, where they turn further: clean turns
        # keep the knees' span within 4% of its width at neutral, hips giving 70% of the turn narrow
        # it 9-13% (rendered twists). Hands resting on the hips drag MediaPipe's hip landmarks along
        # with the chest's turn: clean rendered turns then read 6-19 deg of hip turn from the hips
        # and knees (a false hips_rotating on every rep of one body), so the knees alone give it.
        if n.values.get("wrist_height", math.nan) >= HANDS_ON_HIPS_WRIST_HEIGHT:
            beyond = beyond_floor(knees, HANDS_ON_HIPS_KNEE_FLOOR_DEG) if math.isfinite(knees) else 0.0
            hip_turn_signed = math.copysign(beyond, shoulder_yaw)
        elif abs(hip_yaw) > abs(hip_turn_signed):
            hip_turn_signed = hip_yaw
    return hip_yaw, hip_turn_signed


def compute_signals(m: Measures, n: Neutral, lever: bool = False) -> Signals:
    """Calibrated signals for one frame: raw measures minus the neutral.

    ``lever``: the arms move with the chest (hands on the hips or arms crossed), so the turn is read
    from the elbow span's foreshortening, a lever about twice the shoulders' width whose landmarks
    do not slide along the shoulder girdle as the shoulder landmarks do.
    """
    shoulder_yaw = _shoulder_yaw(m, n, lever)
    hip_yaw, hip_turn_signed = _pelvis_turns(m, n, lever, shoulder_yaw)
    return Signals(
        t_s=m.t_s,
        lateral_flexion_deg=unforeshortened(m.trunk_tilt_deg - n["trunk_tilt_deg"], camera_yaw(n)),
        shoulder_yaw_deg=shoulder_yaw,
        hip_yaw_deg=hip_yaw,
        spine_flexion_deg=m.neck_flexion_deg - n["neck_flexion_deg"],
        fold_deg=m.trunk_forward_deg - fold_reference(n["trunk_forward_deg"]),
        pelvis_shift=m.pelvis_offset - n["pelvis_offset"],
        lean_deg=m.pitch_world_deg - n["pitch_world_deg"],
        head_yaw_deg=m.head_yaw_deg - n["head_yaw_deg"],
        head_turn_deg=head_turn_yaw(
            m.head_yaw_deg - n["head_yaw_deg"], m.eye_ratio, n.values.get("eye_ratio", math.nan)
        )
        - shoulder_yaw,
        knee_bend_deg=n["knee_world_deg"] - m.knee_world_deg,
        hip_drop=(n["hip_height"] - m.hip_height) / max(n["hip_height"], 1e-6),
        knee_side_deg=m.knee_side_deg,
        hip_turn_deg=hip_turn_signed,
        neutral_tilt_deg=neutral_tilt(n),
        knees_side_deg=m.knees_side_deg,
        fold_from_neutral_deg=m.trunk_forward_deg - n["trunk_forward_deg"],
    )
