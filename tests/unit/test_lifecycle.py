"""The incident lifecycle rules the importer and the live API share."""

from datetime import datetime

from app.domain.lifecycle import Refusal, check_transition

T0 = datetime(2026, 11, 22, 9, 0)
STAGES = {"reported_at": T0, "responded_at": datetime(2026, 11, 22, 9, 4), "arrived_at": None}


def test_forward_steps_and_skips_are_allowed():
    assert check_transition(STAGES, "arrived", datetime(2026, 11, 22, 9, 12)) is None
    assert check_transition(STAGES, "closed", datetime(2026, 11, 22, 12, 0)) is None


def test_repeating_a_recorded_stage_is_unchanged():
    assert check_transition(STAGES, "responded", datetime(2026, 11, 22, 9, 4)) == "unchanged"


def test_impossible_transitions_are_refused_with_reasons():
    back = check_transition({**STAGES, "closed_at": datetime(2026, 11, 22, 12, 0)}, "arrived", T0)
    assert isinstance(back, Refusal) and "cannot go back" in back.en
    before = check_transition(STAGES, "closed", datetime(2026, 11, 22, 8, 0))
    assert isinstance(before, Refusal) and "before reported_at" in before.en
    early = check_transition(STAGES, "arrived", datetime(2026, 11, 22, 9, 2))
    assert isinstance(early, Refusal) and "before responded" in early.en
    rewrite = check_transition(STAGES, "responded", datetime(2026, 11, 22, 9, 5))
    assert isinstance(rewrite, Refusal) and "already recorded" in rewrite.en
    unknown = check_transition(STAGES, "finished", datetime(2026, 11, 22, 9, 5))
    assert isinstance(unknown, Refusal) and "not one of" in unknown.en
    unreported = check_transition({"reported_at": None}, "closed", T0)
    assert isinstance(unreported, Refusal) and "not been reported" in unreported.en
