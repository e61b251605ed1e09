"""OFFAXIS set: standing twists filmed off the body's axis (the person stands turned --yaw deg from the
camera; + = turned to the person's left), various arm positions, bodies and turn angles, with truth.
Small and short (test recordings): 320x240 or 384x288 at 15 fps, 2 reps a side, 1 s still start.
A twist's --angle is the shoulders' turn against the feet (the spine takes up to 45 deg, the pelvis the rest).
Render: python make_sets.py offaxis -j 2 --dest OUT; landmarks: record_landmarks.py --set offaxis OUT/*.mp4"""

SHEETS = False
S = "--size 320x240 --fps 15"
M = "--size 384x288 --fps 15"
TW = "--exercise twist --reps 4 --hold 0.6 --pause 0.2 --lead-out 0.5"
CLIPS = [
    dict(
        name="ox_hips45_yawm15_male",
        args=f"{M} {TW} --arms hips --angle 45 --move 2.8 --yaw -15 --lead-in 1 --preset male --seed 61",
        analyze_as=["standing_twist"],
        desc="standing twist, hands on the hips, 45 deg, filmed 15 deg off-axis (the person stands turned "
        "15 deg to his right of the camera); L,R,L,R",
    ),
    dict(
        name="ox_crossed60_yaw10_short_heavy_female",
        args=f"{S} {TW} --arms crossed --angle 60 --move 2.8 --yaw 10 --lead-in 1 "
        "--first-side right --preset short_heavy_female --seed 62",
        analyze_as=["standing_twist"],
        desc="standing twist, arms crossed on the chest, 60 deg (45 spine + 15 pelvis), filmed 10 deg off-axis "
        "(the person stands turned 10 deg to her left of the camera); R,L,R,L",
    ),
    dict(
        name="ox_front70_yaw20_tall_thin_male",
        args=f"{M} {TW} --arms front --angle 70 --move 3.0 --yaw 20 --lead-in 1 --preset tall_thin_male --seed 63",
        analyze_as=["standing_twist"],
        desc="standing twist, arms out in front holding one dumbbell, 70 deg (45 spine + 25 pelvis), filmed "
        "20 deg off-axis (the person stands turned 20 deg to his left of the camera); L,R,L,R",
    ),
    dict(
        name="ox_chest50_yawm20_average",
        args=f"{S} {TW} --arms chest --angle 50 --move 2.8 --yaw -20 --lead-in 1 "
        "--first-side right --preset average --seed 64",
        analyze_as=["standing_twist"],
        desc="standing twist, hands at the chest with the elbows raised out to the sides, 50 deg (45 spine + "
        "5 pelvis), filmed 20 deg off-axis (the person stands turned 20 deg to the right of the camera); R,L,R,L",
    ),
    dict(
        name="ox_front60_yaw15_muscular_male_high",
        args=f"{M} {TW} --arms front --angle 60 --move 2.8 --yaw 15 --lead-in 1 --preset muscular_male "
        "--cam-height 1.4 --seed 65",
        analyze_as=["standing_twist"],
        desc="standing twist, arms out in front holding one dumbbell, 60 deg (45 spine + 15 pelvis), filmed "
        "15 deg off-axis (the person stands turned 15 deg to his left of the camera), camera 1.4 m high; L,R,L,R",
    ),
]
