"""Raw per-frame body measures from one ``Pose``: pure functions, no state, no calibration.

Image geometry is done in pixels (normalised x and y have different scales). Conventions:
the camera frame is not mirrored (OpenCV delivers it so; only the display mirrors), so for a
user facing the camera their own right is the image's left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from posecoach.body.geometry import joint_angle, length, signed_angle_2d, tilt_from_vertical
from posecoach.pose.types import LM, Pose

FRONT_LANDMARKS = (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER, LM.LEFT_HIP, LM.RIGHT_HIP)
#: How much of a true trunk rotation MediaPipe's world landmarks show (measured on rendered
#: bodies and a real multi-camera capture): used to rescale the world-landmark yaw.
WORLD_YAW_GAIN = 0.55
#: Noise of a width ratio (fraction) and of the rescaled world yaw (degrees), for fusing them.
WIDTH_RATIO_NOISE = 0.025
WORLD_YAW_NOISE_DEG = 6.0
#: The apparent turn that width jitter alone produces: acos(1 - WIDTH_RATIO_NOISE).
LOWER_BODY_NOISE_FLOOR_DEG = math.degrees(math.acos(1.0 - WIDTH_RATIO_NOISE))
#: Nose-to-ear-axis depth over ear-to-ear width, for a head's yaw from the nose's offset.
NOSE_DEPTH_RATIO = 0.6


@dataclass(frozen=True)
class Measures:
    """Everything the exercises need from one frame, before calibration (NaN = not measurable)."""

    t_s: float
    torso_px: float  # mid-hip to mid-shoulder, pixels
    torso_frac: float  # torso_px over the frame's height: the body's size in the image
    frontness: float  # (shoulder + hip width) / torso length: ~1.1 facing the camera, ~0.2 side-on
    swapped: bool  # MediaPipe's left/right labels were exchanged (and have been undone)
    # front view
    trunk_tilt_deg: float  # image-plane trunk tilt, positive toward the user's right
    shoulder_ratio: float  # shoulder width / torso length
    hip_ratio: float  # hip width / torso length
    knee_ratio: float  # knee width / torso length
    elbow_ratio: float  # elbow span / torso length (NaN when both elbows are hidden)
    elbow_height: float  # the elbows' mean height along the trunk, torso lengths below the shoulders
    wrist_height: float  # the wrists' mean height along the trunk, torso lengths below the shoulders
    shoulder_yaw_world_deg: float  # shoulder-line yaw from world landmarks, rescaled, + = user's right
    hip_yaw_world_deg: float
    pitch_world_deg: float  # trunk lean toward the camera (forward when facing it), world landmarks
    pelvis_offset: float  # mid-hip x minus mid-ankle x, torso lengths, + = toward the user's right
    hip_height: float  # mid-ankle y minus mid-hip y, torso lengths (drops when knees bend)
    knee_world_deg: float  # smaller of the two knee angles, 3-D (180 = straight)
    head_yaw_deg: float  # head turn from the nose's offset, + = user's right
    shoulder_tilt_deg: float  # shoulder line against the hip line, + = the user's right shoulder lower
    eye_ratio: float  # eye span / torso length (narrows as the head turns)
    # side view
    facing: int  # +1 facing image right, -1 facing image left, 0 unknown
    neck_flexion_deg: float  # trunk line to neck line, + = head forward of the trunk line
    trunk_forward_deg: float  # trunk tilt from vertical toward the facing direction
    knee_side_deg: float  # knee angle on the camera-near side, 2-D
    knees_side_deg: float  # the straighter of the two knee angles seen side-on, 2-D
    visibility: float  # mean visibility of shoulders and hips


def _mid(points: np.ndarray, a: int, b: int) -> np.ndarray:
    return (points[a] + points[b]) / 2.0


def _world_yaw(world: np.ndarray, left: int, right: int) -> float:
    """Yaw of the right->left line in the horizontal plane; + when turned toward the user's right.

    World axes: x as the image, y down, z away from the camera. Facing the camera, the line points
    along +x; turning toward one's own right brings the left end nearer (z decreases).
    """
    line = world[left] - world[right]
    return math.degrees(math.atan2(-line[2], line[0])) / WORLD_YAW_GAIN


#: Candidate turns for ``fused_yaw`` (degrees) and the width ratio each would show.
_YAW_GRID_DEG = np.arange(-90.0, 90.25, 0.25)
_YAW_GRID_COS = np.cos(np.radians(_YAW_GRID_DEG))


def fused_yaw(
    ratio: float,
    neutral_ratio: float,
    world_yaw: float,
    neutral_world_yaw: float,
    world_noise_deg: float = WORLD_YAW_NOISE_DEG,
) -> float:
    """Yaw from neutral, fusing width foreshortening with the world-landmark yaw.

    The most likely turn given both: the world landmarks' yaw (Gaussian noise of
    ``world_noise_deg``) and the width ratio, which a turn of angle a makes cos(a) (Gaussian noise
    of ``WIDTH_RATIO_NOISE``). Foreshortening gives the magnitude well once the turn is large but
    no sign; the world landmarks give the sign and the small angles. A span that keeps its full
    width holds the turn to what its noise allows, however far the world landmarks wander (they
    follow a turn of the head).
    """
    world = world_yaw - neutral_world_yaw
    if not (math.isfinite(ratio) and math.isfinite(neutral_ratio) and neutral_ratio > 0):
        return world
    if not math.isfinite(world):
        return float("nan")
    r = ratio / neutral_ratio
    cost = ((_YAW_GRID_DEG - world) / world_noise_deg) ** 2 + ((r - _YAW_GRID_COS) / WIDTH_RATIO_NOISE) ** 2
    return float(_YAW_GRID_DEG[int(np.argmin(cost))])


def head_turn_yaw(nose_yaw: float, eye_ratio: float, neutral_eye_ratio: float) -> float:
    """The head's turn from neutral: the nose-offset yaw averaged with the eye span's foreshortening.

    The two err differently (the nose is read against the ear line, whose far ear MediaPipe guesses
    once the head turns; the eye span shows the turn's size well past ~30 deg but not its sign), so
    their mean is steadier than either. The sign is the nose's.
    """
    if not (math.isfinite(eye_ratio) and math.isfinite(neutral_eye_ratio) and neutral_eye_ratio > 0):
        return nose_yaw
    span = math.degrees(math.acos(max(0.0, min(1.0, eye_ratio / neutral_eye_ratio))))
    return (nose_yaw + math.copysign(span, nose_yaw)) / 2.0


def lower_body_yaw(hip_ratio: float, knee_ratio: float, neutral_hip: float, neutral_knee: float) -> float:
    """Unsigned turn of the pelvis (and thighs) from neutral, from hip and knee width foreshortening.

    MediaPipe's world landmarks barely show a pelvis turn (the hip landmarks follow the shoulders),
    but the image width of the hips and knees shrinks with it.
    """
    ratios = [
        r / n
        for r, n in ((hip_ratio, neutral_hip), (knee_ratio, neutral_knee))
        if math.isfinite(r) and math.isfinite(n) and n > 0
    ]
    if not ratios:
        return float("nan")
    turn = math.degrees(math.acos(max(0.0, min(1.0, sum(ratios) / len(ratios)))))
    # acos magnifies width jitter near zero: remove the noise floor in quadrature.
    return beyond_floor(turn, LOWER_BODY_NOISE_FLOOR_DEG)


def beyond_floor(turn: float, floor: float) -> float:
    """``turn`` with a noise ``floor`` removed in quadrature (0 within it)."""
    return math.sqrt(max(0.0, turn**2 - floor**2))


def _left_right_order(px: np.ndarray) -> float:
    """+ when the user's left landmarks lie to the image right of their right ones (as they do
    for someone facing an unmirrored camera)."""
    return float((px[LM.LEFT_SHOULDER, 0] - px[LM.RIGHT_SHOULDER, 0]) + (px[LM.LEFT_HIP, 0] - px[LM.RIGHT_HIP, 0]))


def unswap(pose: Pose) -> tuple[Pose, bool]:
    """Undo MediaPipe's left/right label swap for a user facing the camera.

    Facing an unmirrored camera, the user's left shoulder and hip are on the image's right. When
    the labels say otherwise while the body is clearly frontal (not edge-on), they were swapped.
    """
    px = pose.pixels()
    shoulder_w = length(px[LM.LEFT_SHOULDER] - px[LM.RIGHT_SHOULDER])
    torso = length(_mid(px, 11, 12) - _mid(px, 23, 24))
    if torso > 0 and shoulder_w / torso > 0.3 and _left_right_order(px) < 0:
        return pose.swapped_sides(), True
    return pose, False


def _torso_length(trunk: np.ndarray) -> float:
    """Mid-hip to mid-shoulder in pixels (NaN when the trunk is under a pixel long)."""
    torso = length(trunk)
    if torso < 1.0:
        torso = float("nan")
    return torso


def _shoulder_tilt(px: np.ndarray) -> float:
    """The shoulder line's tilt against the hip line, + when the user's right shoulder is lower."""
    # The shoulder line against the hip line: a sideways bend of the spine tilts the one and not the
    # other, while a camera roll tilts both. Facing the camera both lines run toward the image right.
    sh_line, hip_line = px[LM.LEFT_SHOULDER] - px[LM.RIGHT_SHOULDER], px[LM.LEFT_HIP] - px[LM.RIGHT_HIP]
    shoulder_tilt = -math.degrees(math.atan2(sh_line[1], sh_line[0]) - math.atan2(hip_line[1], hip_line[0]))
    return (shoulder_tilt + 180.0) % 360.0 - 180.0


def _world_pitch(world: np.ndarray) -> float:
    """The trunk's lean toward the camera from world landmarks."""
    w_trunk = _mid(world, 11, 12) - _mid(world, 23, 24)
    return math.degrees(math.atan2(-w_trunk[2], -w_trunk[1]))


def _world_knee(world: np.ndarray) -> float:
    """The more bent of the two knees' 3-D angles (180 = straight)."""
    knees = [
        joint_angle(world[LM.LEFT_HIP], world[LM.LEFT_KNEE], world[LM.LEFT_ANKLE]),
        joint_angle(world[LM.RIGHT_HIP], world[LM.RIGHT_KNEE], world[LM.RIGHT_ANKLE]),
    ]
    return float(np.nanmin(knees))


def _head_yaw(px: np.ndarray) -> tuple[float, float]:
    """(the head's turn from the nose's offset along the ear line, the nose's x offset from mid-ear)."""
    ear = _mid(px, 7, 8)
    ear_line = px[LM.LEFT_EAR] - px[LM.RIGHT_EAR]
    ear_w = length(ear_line)
    nose_offset = float(px[LM.NOSE, 0] - ear[0])
    # Measured along the ear line, so a tilted head (a side bend) does not read as a turn. Facing
    # the camera the left ear is image-right: a nose toward the right ear is a turn to the right.
    along = float(np.dot(px[LM.NOSE] - ear, ear_line / max(ear_w, 1e-6)))
    return math.degrees(math.atan2(-along, NOSE_DEPTH_RATIO * max(ear_w, 1e-6))), nose_offset


def _facing(px: np.ndarray, nose_offset: float, torso: float, ankle: np.ndarray) -> int:
    """+1 facing image right, -1 image left, 0 unknown: from the nose, which is label-free, else the feet."""
    ear = _mid(px, 7, 8)
    facing = int(np.sign(px[LM.NOSE, 0] - ear[0])) if abs(nose_offset) > 0.05 * torso else 0
    if facing == 0:  # fall back to the feet, which point forward when seated on the floor
        toes = _mid(px, 31, 32)
        facing = int(np.sign(toes[0] - ankle[0]))
    return facing


def _near(px: np.ndarray, vis: np.ndarray, a: int, b: int) -> np.ndarray:
    """Landmarks ``a`` and ``b`` averaged, weighted by visibility."""
    wa, wb = vis[a] + 1e-3, vis[b] + 1e-3
    return (px[a] * wa + px[b] * wb) / (wa + wb)


def _side_trunk(px: np.ndarray, vis: np.ndarray, facing: int) -> tuple[float, float]:
    """(neck flexion, trunk tilt toward the facing direction) seen side-on (NaN when facing is unknown)."""
    # Side view: average the two sides weighted by visibility (the far side is a guess, and the
    # labels may be swapped), with the facing direction read from the nose, which is label-free.
    s_sh, s_hip, s_ear = _near(px, vis, 11, 12), _near(px, vis, 23, 24), _near(px, vis, 7, 8)
    s_trunk, s_neck = s_sh - s_hip, s_ear - s_sh
    # signed_angle_2d is clockwise-positive in image coordinates: toward +x for an upward vector.
    neck = signed_angle_2d(s_trunk * [1, -1], s_neck * [1, -1]) * -facing if facing else float("nan")
    forward = tilt_from_vertical(s_trunk) * facing if facing else float("nan")
    return neck, forward


def _knee_ratio(px: np.ndarray, vis: np.ndarray, torso: float) -> float:
    """Knee width over torso length (NaN unless both knees are seen)."""
    if min(vis[LM.LEFT_KNEE], vis[LM.RIGHT_KNEE]) >= 0.5:
        return length(px[LM.LEFT_KNEE] - px[LM.RIGHT_KNEE]) / torso
    return float("nan")


def _elbow_ratio(px: np.ndarray, vis: np.ndarray, torso: float) -> float:
    """Elbow span over torso length (NaN when both elbows are hidden)."""
    # The span needs one elbow in view: past ~35 deg of turn the far elbow goes behind the body,
    # and MediaPipe's guess of it still gives the span better than the shoulders and world
    # landmarks the turn falls back on without it (docs/accuracy.md).
    if max(vis[LM.LEFT_ELBOW], vis[LM.RIGHT_ELBOW]) >= 0.5:
        return length(px[LM.LEFT_ELBOW] - px[LM.RIGHT_ELBOW]) / torso
    return float("nan")


def _height_along_trunk(
    px: np.ndarray, vis: np.ndarray, left: int, right: int, sh: np.ndarray, trunk: np.ndarray, torso: float
) -> float:
    """The mean height of a pair of landmarks along the trunk, in torso lengths below the shoulders
    (NaN unless both are seen)."""
    # The elbows' height along the trunk (0 at the shoulders, 1 at the hips): ~0.55 hanging, ~0.4
    # hands on the hips, 0 out to the side. A turn about the vertical leaves it (each elbow's image
    # height changes only through the camera's tilt, as much up for the elbow that comes forward
    # as down for the other), and so does a sideways lean: it moves when the arms are raised.
    if min(vis[left], vis[right]) >= 0.5:
        return float(np.dot(_mid(px, left, right) - sh, -trunk)) / torso**2
    return float("nan")


def _side_knees(px: np.ndarray, vis: np.ndarray) -> tuple[float, float]:
    """(the camera-near knee's angle, the straighter knee's angle), both seen side-on in 2-D."""
    near_side = (23, 25, 27) if vis[23] + vis[25] + vis[27] >= vis[24] + vis[26] + vis[28] else (24, 26, 28)
    knee_side = joint_angle(px[near_side[0]], px[near_side[1]], px[near_side[2]])
    # Both knees bend in a fault, while MediaPipe's guess of either (the far one hidden, the near one
    # against the far leg) wobbles by several degrees: the straighter of the two.
    knees_side = max(
        joint_angle(px[LM.LEFT_HIP], px[LM.LEFT_KNEE], px[LM.LEFT_ANKLE]),
        joint_angle(px[LM.RIGHT_HIP], px[LM.RIGHT_KNEE], px[LM.RIGHT_ANKLE]),
    )
    return knee_side, knees_side


def measure(pose: Pose) -> Measures | None:
    """Raw measures of one non-empty pose (None for an empty pose)."""
    if pose.is_empty:
        return None
    pose, swapped = unswap(pose)
    px, world, vis = pose.pixels(), pose.world, pose.visibility
    sh, hip = _mid(px, 11, 12), _mid(px, 23, 24)
    trunk = sh - hip
    torso = _torso_length(trunk)
    shoulder_w = length(px[LM.LEFT_SHOULDER] - px[LM.RIGHT_SHOULDER])
    hip_w = length(px[LM.LEFT_HIP] - px[LM.RIGHT_HIP])
    ankle = _mid(px, 27, 28)
    head_yaw, nose_offset = _head_yaw(px)
    facing = _facing(px, nose_offset, torso, ankle)
    neck, forward = _side_trunk(px, vis, facing)
    knee_side, knees_side = _side_knees(px, vis)
    return Measures(
        t_s=pose.t_s,
        torso_px=torso,
        torso_frac=torso / pose.height if pose.height else float("nan"),
        frontness=(shoulder_w + hip_w) / torso if math.isfinite(torso) else float("nan"),
        swapped=swapped,
        trunk_tilt_deg=-tilt_from_vertical(trunk),
        shoulder_ratio=shoulder_w / torso,
        hip_ratio=hip_w / torso,
        knee_ratio=_knee_ratio(px, vis, torso),
        elbow_ratio=_elbow_ratio(px, vis, torso),
        elbow_height=_height_along_trunk(px, vis, LM.LEFT_ELBOW, LM.RIGHT_ELBOW, sh, trunk, torso),
        wrist_height=_height_along_trunk(px, vis, LM.LEFT_WRIST, LM.RIGHT_WRIST, sh, trunk, torso),
        shoulder_yaw_world_deg=_world_yaw(world, LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER),
        hip_yaw_world_deg=_world_yaw(world, LM.LEFT_HIP, LM.RIGHT_HIP),
        pitch_world_deg=_world_pitch(world),
        pelvis_offset=-(hip[0] - ankle[0]) / torso,
        hip_height=(ankle[1] - hip[1]) / torso,
        knee_world_deg=_world_knee(world),
        head_yaw_deg=head_yaw,
        shoulder_tilt_deg=_shoulder_tilt(px),
        eye_ratio=length(px[LM.LEFT_EYE] - px[LM.RIGHT_EYE]) / torso,
        facing=facing,
        neck_flexion_deg=neck,
        trunk_forward_deg=forward,
        knee_side_deg=knee_side,
        knees_side_deg=knees_side,
        visibility=float(vis[list(FRONT_LANDMARKS)].mean()),
    )
