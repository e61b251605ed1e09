"""``posecoach analyze`` with several videos or a folder: parallel processes, one JSON each, a
summary table; one bad file does not lose the others."""

import json
import shutil

from posecoach.cli import main


def test_a_folder_of_videos_gives_one_json_each_and_a_summary(tmp_path, data_dir, capsys):
    folder = tmp_path / "month"
    folder.mkdir()
    for name in ("pose2sim_single_cam01.mp4", "pose2sim_single_cam02.mp4"):
        shutil.copy(data_dir / name, folder / name)
    (folder / "notes.txt").write_text("not a video")
    (folder / "broken.mp4").write_bytes(b"\x00" * 5000)
    out = tmp_path / "json"
    code = main(["analyze", str(folder), "--exercise", "side_bend", "--json", str(out), "--jobs", "2"])
    captured = capsys.readouterr()
    assert code == 2  # one file failed, and says so in one line
    assert "1 of 3 videos could not be analysed" in " ".join(captured.err.split())
    assert "broken.mp4" in captured.err
    assert sorted(p.name for p in out.iterdir()) == ["pose2sim_single_cam01.json", "pose2sim_single_cam02.json"]
    for cam in ("cam01", "cam02"):
        result = json.loads((out / f"pose2sim_single_{cam}.json").read_text())
        # 100 frames of someone moving on a force plate: no side bends.
        assert result["frames"] == 100 and result["counts"]["total"] == 0
        assert result["frames_with_person"] >= 95
    table = " ".join(captured.out.split())
    assert "3 videos" in table and "pose2sim_single_cam01.mp4" in table and "failed" in table


def test_options_for_one_video_are_refused_with_several(tmp_path, data_dir, capsys):
    clips = [str(data_dir / "pose2sim_single_cam01.mp4"), str(data_dir / "pose2sim_single_cam02.mp4")]
    assert main(["analyze", *clips, "--exercise", "side_bend", "--trace", str(tmp_path / "t.csv")]) == 2
    assert "--trace and --annotated take one video" in capsys.readouterr().err
    assert main(["analyze", *clips]) == 2
    assert "--exercise" in capsys.readouterr().err
