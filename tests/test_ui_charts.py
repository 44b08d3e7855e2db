"""Chart specs are drawn from a cache keyed on the builder and its inputs."""

from __future__ import annotations

import rik
from rik.charts.common import lines_over_time
from rik.charts.ik_map import build_ik_map
from ui import charts


def test_cached_spec_is_the_builders_spec_and_depends_on_every_input() -> None:
    runs = {name: rik.simulate(s) for name, s in rik.presets().items()}
    direct = lines_over_time(runs, "csat", "en").to_dict()
    assert charts.spec(lines_over_time, runs, "csat", "en") == direct
    assert charts.spec(lines_over_time, runs, "csat", "en") == direct  # from the cache
    assert charts.spec(lines_over_time, runs, "csat", "nb") != direct
    assert charts.spec(lines_over_time, runs, "burnout_share", "en") != direct
    other = {"baseline": runs["baseline"], "numbers_game": runs["numbers_game"]}
    assert charts.spec(lines_over_time, other, "csat", "en") != direct
    # Same arguments, another builder: another chart.
    assert charts.spec(build_ik_map, runs, "en") == build_ik_map(runs, "en").to_dict()
